// Which idle gap's dialog the manager closed without deciding (Escape): it stays closed until they
// reopen it from the prompt banner, instead of popping up again on every refresh.
import { create } from 'zustand';

interface IdleDialogState {
  dismissed: string | null;
  dismiss(gapId: string): void;
  reopen(): void;
}

export const useIdleDialog = create<IdleDialogState>((set) => ({
  dismissed: null,
  dismiss: (gapId) => set({ dismissed: gapId }),
  reopen: () => set({ dismissed: null }),
}));
