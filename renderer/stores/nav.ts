// Which screen the main area shows. The popover is always on screen beside it.
import { create } from 'zustand';

export type Screen = 'day' | 'plan' | 'report' | 'settings';

interface NavState {
  screen: Screen;
  /** The day the report screen is for: null is today; an overdue prompt names an earlier day. */
  reportDate: string | null;
  /** The report was opened by clocking out: it offers to be filled in later. */
  afterClockOut: boolean;
  go(screen: Screen, reportDate?: string | null, afterClockOut?: boolean): void;
}

export const useNav = create<NavState>((set) => ({
  screen: 'day',
  reportDate: null,
  afterClockOut: false,
  go: (screen, reportDate = null, afterClockOut = false) => set({ screen, reportDate, afterClockOut }),
}));
