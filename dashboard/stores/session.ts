// Who is signed in. The session comes from the hub (cookie + CSRF token); on a 401 anywhere the
// app forgets it and shows sign-in over the page it was on, so signing in again lands back there.
import { create } from 'zustand';
import type { Session } from '../../shared/dashboard-api.ts';
import { ApiError, call, onUnauthorized, setCsrfToken } from '../api/client.ts';

export type SessionStatus = 'loading' | 'signed_out' | 'signed_in';

interface SessionState {
  status: SessionStatus;
  session: Session | null;
  /** The session ended by itself (expired, signed out elsewhere): say so on the sign-in page. */
  expired: boolean;
  restore(): Promise<void>;
  signedIn(session: Session): void;
  signOut(): Promise<void>;
}

export const useSession = create<SessionState>((set, get) => ({
  status: 'loading',
  session: null,
  expired: false,
  async restore() {
    try {
      get().signedIn(await call('me'));
    } catch (e) {
      if (!(e instanceof ApiError) || e.status === 401 || e.status === 404) set({ status: 'signed_out', session: null });
      else set({ status: 'signed_out', session: null });
    }
  },
  signedIn(session) {
    setCsrfToken(session.csrfToken);
    set({ status: 'signed_in', session, expired: false });
  },
  async signOut() {
    try {
      await call('logout');
    } catch {
      // Signed out here either way.
    }
    setCsrfToken(null);
    set({ status: 'signed_out', session: null, expired: false });
  },
}));

onUnauthorized(() => {
  if (useSession.getState().status !== 'signed_in') return;
  setCsrfToken(null);
  useSession.setState({ status: 'signed_out', session: null, expired: true });
});
