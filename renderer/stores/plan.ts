// Today's plan: the plan screen edits it, the popover's task picker and the idle dialog list its
// items as things time can be put on.
import { create } from 'zustand';
import type { PlanView } from '../../shared/api.ts';
import type { PlanInput } from '../../shared/plan.ts';
import { call } from '../transport/current.ts';

interface PlanState {
  view: PlanView | null;
  load(): Promise<PlanView>;
  save(input: PlanInput): Promise<PlanView>;
}

export const usePlan = create<PlanState>((set) => ({
  view: null,
  load: async () => {
    const view = await call('getPlan', {});
    set({ view });
    return view;
  },
  save: async (input) => {
    const view = await call('savePlan', input);
    set({ view });
    return view;
  },
}));
