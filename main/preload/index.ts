// The preload of every Zvit window (sandboxed, context-isolated; bundled into one CommonJS file
// because a sandboxed preload can require nothing but 'electron'). It exposes `window.zvit`:
// one named function per method of the contract in shared/, and two event hooks. Never
// ipcRenderer itself, and listeners never see Electron's event object.
import { contextBridge, ipcRenderer } from 'electron';
import { AGENT_METHODS, agentChannel, DESKTOP_CHANNELS, type IpcReply, type OpenRequest, type ZvitBridge } from '../../shared/desktop.ts';

async function invoke<T>(channel: string, input: unknown): Promise<T> {
  const reply = (await ipcRenderer.invoke(channel, input ?? {})) as IpcReply<T>;
  if (reply.ok) return reply.result;
  // A plain object crosses the context bridge whole (an Error would keep only its message).
  throw { body: { code: reply.error.code, message: reply.error.message, details: reply.error.details }, status: reply.error.status };
}

function listen<A extends unknown[]>(channel: string, listener: (...args: A) => void): () => void {
  const wrapped = (_event: unknown, ...args: unknown[]) => listener(...(args as A));
  ipcRenderer.on(channel, wrapped);
  return () => void ipcRenderer.removeListener(channel, wrapped);
}

const methods = Object.fromEntries(AGENT_METHODS.map((method) => [method, (input: unknown) => invoke(agentChannel(method), input)]));

const bridge = {
  ...methods,
  desktop: { openMain: (request: OpenRequest) => invoke<void>(DESKTOP_CHANNELS.openMain, request) },
  onChange: (listener: () => void) => listen(DESKTOP_CHANNELS.changed, () => listener()),
  onOpen: (listener: (request: OpenRequest) => void) => listen<[OpenRequest]>(DESKTOP_CHANNELS.open, (request) => listener(request)),
} as ZvitBridge;

contextBridge.exposeInMainWorld('zvit', bridge);
