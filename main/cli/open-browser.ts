// Opens an address in the default browser: $BROWSER if set (the usual convention; also how the
// tests watch it), else the platform's opener. Failing to open is not an error: the address is
// printed either way.
import { spawn } from 'node:child_process';

export function openInBrowser(url: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): void {
  const [command, args] = env.BROWSER
    ? [env.BROWSER, [url]]
    : platform === 'darwin'
      ? ['open', [url]]
      : platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url.replaceAll('&', '^&')]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore', env });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener here: the printed address is the way in.
  }
}
