// The renderer's only way to the agent: one ipcMain handler per method of the contract. Each
// checks the sender is our own app:// page and validates the input with the contract's own
// schema before anything runs; the answer is a result or the contract's error body (thrown
// errors would lose their code on the way through Electron).
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import { agentApi, ApiError, type AgentHandlers, type AgentMethod } from '../../shared/api.ts';
import { AGENT_METHODS, agentChannel, DESKTOP_CHANNELS, DESKTOP_SCREENS, type IpcReply, type OpenRequest } from '../../shared/desktop.ts';
import { DateSchema } from '../../shared/plan.ts';
import { isOwnFrame } from './security.ts';

const OpenRequestSchema = z.object({ screen: z.enum(DESKTOP_SCREENS), date: DateSchema.nullable().optional() }).strict();

export interface DesktopHandlers {
  openMain(request: OpenRequest): Promise<void> | void;
}

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<IpcReply<unknown>>;

function failure(code: string, message: string, status: number, details?: unknown): IpcReply<never> {
  return { ok: false, error: { code, message, status, ...(details === undefined ? {} : { details }) } };
}

/** One checked handler: sender, then schema, then the call. Exported for the tests. */
export function checkedHandler(name: string, schema: z.ZodType, run: (input: unknown) => Promise<unknown>, log: (message: string) => void): Handler {
  return async (event, input) => {
    if (!isOwnFrame(event.senderFrame)) {
      log(`ipc: ${name} refused from ${event.senderFrame?.url ?? 'a closed frame'}`);
      return failure('forbidden', 'Only Zvit’s own window may call the agent.', 403);
    }
    const parsed = schema.safeParse(input ?? {});
    if (!parsed.success) return failure('invalid_input', z.prettifyError(parsed.error), 400);
    try {
      return { ok: true, result: await run(parsed.data) };
    } catch (error) {
      if (error instanceof ApiError) return failure(error.code, error.message, error.status, error.details);
      log(`ipc: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return failure('internal', error instanceof Error ? error.message : String(error), 500);
    }
  };
}

export function registerIpc(handlers: AgentHandlers, desktop: DesktopHandlers, log: (message: string) => void): () => void {
  const channels: string[] = [];
  for (const method of AGENT_METHODS) {
    const handler = handlers[method] as (input: unknown) => Promise<unknown>;
    const channel = agentChannel(method as AgentMethod);
    ipcMain.handle(channel, checkedHandler(method, agentApi[method].input, (input) => handler(input), log));
    channels.push(channel);
  }
  ipcMain.handle(DESKTOP_CHANNELS.openMain, checkedHandler('openMain', OpenRequestSchema, async (input) => desktop.openMain(input as OpenRequest), log));
  channels.push(DESKTOP_CHANNELS.openMain);
  return () => channels.forEach((c) => ipcMain.removeHandler(c));
}
