// Reads the agent's server-sent events with fetch: EventSource cannot send the Authorization
// header, and the token must not travel in a URL (it would land in logs and history).

const MIN_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/** Parses an SSE byte stream and calls `onEvent` with each event's name (default "message"). */
export async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (name: string, data: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    // stream: a UTF-8 character split across two chunks is held until its second half arrives.
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue; // a keep-alive comment
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') name = value;
        else if (field === 'data') data.push(value);
      }
      onEvent(name, data.join('\n'));
    }
  }
}

/**
 * Keeps one stream open, reconnecting with backoff. Every (re)connect also counts as a change:
 * whatever happened while the stream was down was not announced.
 */
export function listenForChanges(url: string, authorization: string, onChange: () => void): () => void {
  const abort = new AbortController();
  let retry = MIN_RETRY_MS;
  const loop = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        const response = await fetch(url, { headers: { authorization, accept: 'text/event-stream' }, signal: abort.signal, cache: 'no-store' });
        if (response.ok && response.body) {
          retry = MIN_RETRY_MS;
          onChange();
          await readEvents(response.body, (name) => {
            if (name === 'change') onChange();
          });
        }
      } catch {
        // Down, or aborted: the loop condition decides.
      }
      if (abort.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, retry));
      retry = Math.min(MAX_RETRY_MS, retry * 2);
    }
  };
  void loop();
  return () => abort.abort();
}
