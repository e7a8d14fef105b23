// Start-up order: the popover first, everything else once it can take a click. The main screens
// (and the charts library, most of the code) are not even loaded before that moment.
import { create } from 'zustand';

export const POPOVER_INTERACTIVE_MARK = 'zvit:popover-interactive';

interface BootState {
  popoverReady: boolean;
  markPopoverReady(): void;
}

export const useBoot = create<BootState>((set, get) => ({
  popoverReady: false,
  markPopoverReady: () => {
    if (get().popoverReady) return;
    performance.mark(POPOVER_INTERACTIVE_MARK);
    set({ popoverReady: true });
  },
}));
