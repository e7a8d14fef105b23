// Picks the transport once at start-up: the Electron bridge when the preload exposed one,
// otherwise the local HTTP API with the token handed over in the address.
import { httpTransport } from './http.ts';
import { ipcTransport } from './ipc.ts';
import type { Transport } from './types.ts';

const TOKEN_KEY = 'zvit.token';

/**
 * The agent opens `http://127.0.0.1:<port>/#token=<token>`. The token moves to sessionStorage
 * (kept across reloads of this tab, gone with it) and out of the address bar, so it is not
 * bookmarked, shared in a screenshot or kept in history.
 */
export function takeToken(): string | null {
  const hash = new URLSearchParams(location.hash.slice(1));
  const fromHash = hash.get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    hash.delete('token');
    const rest = hash.toString();
    history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
    return fromHash;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

export function chooseTransport(): Transport | null {
  if (window.zvit) return ipcTransport(window.zvit);
  const token = takeToken();
  return token ? httpTransport(token) : null;
}
