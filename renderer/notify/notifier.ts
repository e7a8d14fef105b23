// The one seam through which the UI gets the manager's attention outside its window. In the
// browser it is the Notification API; the desktop shell replaces it at start-up with native
// notifications (setNotifier), and the rest of the UI does not change.

export type NotifyPermission = 'granted' | 'denied' | 'default' | 'unsupported';

export interface AttentionNote {
  /** Identifies the thing asked for: a second note with the same tag replaces the first. */
  tag: string;
  title: string;
  body: string;
  /** The manager clicked the note: bring the window forward and open what it is about. */
  onClick(): void;
}

export interface Notifier {
  permission(): NotifyPermission;
  /** Asks the manager once (a browser shows its own prompt); resolves with the answer. */
  request(): Promise<NotifyPermission>;
  show(note: AttentionNote): void;
}

export function browserNotifier(icon?: () => string): Notifier {
  const supported = typeof Notification !== 'undefined';
  return {
    permission: () => (supported ? Notification.permission : 'unsupported'),
    request: async () => (supported ? await Notification.requestPermission() : 'unsupported'),
    show: ({ tag, title, body, onClick }) => {
      if (!supported || Notification.permission !== 'granted') return;
      const note = new Notification(title, { tag, body, ...(icon ? { icon: icon() } : {}) });
      note.onclick = () => {
        window.focus();
        note.close();
        onClick();
      };
    },
  };
}

/**
 * In the desktop app the main process notifies natively (main/shell/notifications.ts), whatever
 * window is open: the page only says notifications are on, and shows none itself, so nothing
 * arrives twice.
 */
export function desktopNotifier(): Notifier {
  return { permission: () => 'granted', request: async () => 'granted', show: () => undefined };
}

let current: Notifier = browserNotifier();

export function notifier(): Notifier {
  return current;
}

/** For the desktop shell (and tests): where notes go from now on. */
export function setNotifier(next: Notifier): void {
  current = next;
}
