// A private X11 desktop for tests and benchmarks: Xvfb on a free display, openbox as the EWMH
// window manager, and real xterm windows. Every session has its own display, so test files
// running in parallel never see each other's windows.
//
//   const x = await startX11Session();
//   const { id, pid } = await x.openWindow({ title: 'Угода', className: 'Crm' });
//   await x.activate(id);
//   ...
//   await x.stop();
import { type ChildProcess, execFile, spawn } from 'node:child_process';

export interface OpenWindowOptions {
  title: string;
  /** Title only as a legacy COMPOUND_TEXT WM_NAME, with no _NET_WM_NAME (as old Xlib apps do). */
  compoundText?: boolean;
  /** WM_CLASS class (the app name a window source reports); default "ZvitTest". */
  className?: string;
}

export interface X11Session {
  /** The DISPLAY, e.g. ":57". */
  readonly display: string;
  /** process.env with DISPLAY set to this session. */
  readonly env: NodeJS.ProcessEnv;
  /** Starts an xterm and resolves once its window is mapped. */
  openWindow(options: OpenWindowOptions): Promise<{ id: number; pid: number }>;
  /** Gives the window focus and waits until the window manager reports it active. */
  activate(id: number): Promise<void>;
  /** Retitles the window the way it was opened: UTF-8 plus legacy, or COMPOUND_TEXT only. */
  setTitle(id: number, title: string): Promise<void>;
  /** Moves the pointer somewhere new, which resets the server's idle counter. */
  moveMouse(): Promise<void>;
  /** Runs an X client tool (xprop, xdotool, …) on this display; resolves with its stdout. */
  run(command: string, args: string[]): Promise<string>;
  /** Stops everything this session started. Safe to call twice. */
  stop(): Promise<void>;
}

export interface X11SessionOptions {
  /** Server extensions to switch off, e.g. ["MIT-SCREEN-SAVER"] to test a fallback. */
  disableExtensions?: string[];
}

const STARTUP_TIMEOUT_MS = 15_000;

export async function startX11Session(options: X11SessionOptions = {}): Promise<X11Session> {
  const children = new Set<ChildProcess>();
  // Tests that crash must not leave X servers behind: kill synchronously on the way out.
  const killAll = (): void => {
    for (const child of children) child.kill('SIGKILL');
  };
  process.on('exit', killAll);

  const track = (child: ChildProcess): ChildProcess => {
    children.add(child);
    const forget = (): void => void children.delete(child);
    child.on('exit', forget);
    // A spawn failure (tool not installed) surfaces where the caller waits on the child.
    child.on('error', forget);
    return child;
  };

  try {
    const xvfbArgs = ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp', '-noreset'];
    for (const extension of options.disableExtensions ?? []) xvfbArgs.push('-extension', extension);
    const xvfb = track(spawn('Xvfb', xvfbArgs, { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] }));
    const display = `:${await readDisplayNumber(xvfb)}`;
    const env: NodeJS.ProcessEnv = { ...process.env, DISPLAY: display };
    // xterm -T and xprop -set read their arguments in the locale's charset: make it UTF-8.
    const toolEnv: NodeJS.ProcessEnv = { ...env, LC_ALL: 'C.UTF-8' };

    const run = (command: string, args: string[]): Promise<string> =>
      new Promise((resolve, reject) => {
        const child = execFile(command, args, { env: toolEnv, timeout: STARTUP_TIMEOUT_MS }, (error, stdout, stderr) => {
          if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
          else resolve(stdout);
        });
        track(child);
      });

    track(spawn('openbox', ['--sm-disable'], { env: toolEnv, stdio: 'ignore' }));
    await waitFor(async () => (await run('xprop', ['-root', '_NET_SUPPORTING_WM_CHECK'])).includes('window id'), 'openbox to start');

    const compoundOnly = new Set<number>();
    let pointerMoves = 0;

    const setTitle = async (id: number, title: string): Promise<void> => {
      const window = String(id);
      // 8t: Xlib stores STRING when Latin-1 covers the title and COMPOUND_TEXT otherwise.
      await run('xprop', ['-id', window, '-f', 'WM_NAME', '8t', '-set', 'WM_NAME', title]);
      if (!compoundOnly.has(id)) {
        await run('xprop', ['-id', window, '-f', '_NET_WM_NAME', '8u', '-set', '_NET_WM_NAME', title]);
        return;
      }
      const expected = [...title].some((c) => c.codePointAt(0)! > 0xff) ? 'COMPOUND_TEXT' : 'STRING';
      const stored = await run('xprop', ['-id', window, 'WM_NAME', '_NET_WM_NAME']);
      if (!stored.startsWith(`WM_NAME(${expected})`) || !stored.includes('_NET_WM_NAME:  not found')) {
        throw new Error(`window ${window} should have only a ${expected} WM_NAME, has: ${stored}`);
      }
    };

    const session: X11Session = {
      display,
      env,
      run,
      async openWindow({ title, compoundText = false, className = 'ZvitTest' }) {
        const xterm = track(
          spawn('xterm', ['-class', className, '-T', title, '-e', 'sleep', '100000'], { env: toolEnv, stdio: 'ignore' }),
        );
        const died = new Promise<never>((_resolve, reject) => {
          xterm.once('error', reject);
          xterm.once('exit', (code) => reject(new Error(`xterm exited (${code}) before showing a window`)));
        });
        died.catch(() => undefined); // after the window shows up, its exit is no failure
        const pid = xterm.pid ?? (await died);
        const search = run('xdotool', ['search', '--sync', '--onlyvisible', '--pid', String(pid)]);
        const found = await Promise.race([search, died]);
        const id = Number.parseInt(found.trim().split('\n')[0] ?? '', 10);
        if (!Number.isInteger(id)) throw new Error(`no window found for xterm ${pid}: ${found}`);
        if (compoundText) {
          compoundOnly.add(id);
          // xterm sets no _NET_WM_NAME today; make sure of it rather than rely on that.
          await run('xprop', ['-id', String(id), '-remove', '_NET_WM_NAME']);
        }
        await setTitle(id, title);
        return { id, pid };
      },
      async activate(id) {
        await run('xdotool', ['windowactivate', '--sync', String(id)]);
      },
      setTitle,
      async moveMouse() {
        pointerMoves++;
        await run('xdotool', ['mousemove', String(100 + (pointerMoves % 50) * 20), String(100 + (pointerMoves % 30) * 20)]);
      },
      async stop() {
        process.off('exit', killAll);
        // Clients first, the server last: an xterm that loses its display first prints errors.
        const clients = [...children].filter((child) => child !== xvfb);
        await Promise.all(clients.map((child) => terminate(child)));
        await terminate(xvfb);
      },
    };
    return session;
  } catch (error) {
    killAll();
    process.off('exit', killAll);
    throw error;
  }
}

/** Xvfb picks a free display itself and writes its number to fd 3 once it listens. */
function readDisplayNumber(xvfb: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    let stderr = '';
    const fd3 = xvfb.stdio[3] as NodeJS.ReadableStream;
    xvfb.stdio[2]?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start: ${stderr}`)), STARTUP_TIMEOUT_MS);
    fd3.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) {
        clearTimeout(timer);
        resolve(output.trim());
      }
    });
    xvfb.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    xvfb.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited with ${code}: ${stderr}`));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
