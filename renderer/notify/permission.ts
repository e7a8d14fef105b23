// Whether the manager allowed notifications, as the UI shows it. The offer is made once, from a
// button (browsers ignore a request that no click started); "not now" is remembered on this
// computer, and Settings can make the offer again.
import { create } from 'zustand';
import { notifier, type NotifyPermission } from './notifier.ts';

const DECLINED = 'zvit.notifications-declined';

interface PermissionState {
  permission: NotifyPermission;
  declined: boolean;
  refresh(): void;
  request(): Promise<void>;
  decline(): void;
  undecline(): void;
}

export const useNotifyPermission = create<PermissionState>((set) => ({
  permission: notifier().permission(),
  declined: localStorage.getItem(DECLINED) === '1',
  refresh: () => set({ permission: notifier().permission() }),
  request: async () => {
    const permission = await notifier().request();
    set({ permission });
  },
  decline: () => {
    localStorage.setItem(DECLINED, '1');
    set({ declined: true });
  },
  undecline: () => {
    localStorage.removeItem(DECLINED);
    set({ declined: false });
  },
}));
