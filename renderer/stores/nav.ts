// Which screen the main area shows. The popover is always on screen beside it.
import { create } from 'zustand';

export type Screen = 'day' | 'plan' | 'report' | 'settings';

interface NavState {
  screen: Screen;
  /** The day the report screen is for: null is today; an overdue prompt names an earlier day. */
  reportDate: string | null;
  go(screen: Screen, reportDate?: string | null): void;
}

export const useNav = create<NavState>((set) => ({
  screen: 'day',
  reportDate: null,
  go: (screen, reportDate = null) => set({ screen, reportDate }),
}));
