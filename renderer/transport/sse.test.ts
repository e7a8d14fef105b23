import { describe, expect, it } from 'vitest';
import { readEvents } from './sse.ts';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
}

describe('readEvents', () => {
  it('splits events across chunk boundaries, skips comments, joins data lines', async () => {
    const seen: [string, string][] = [];
    await readEvents(streamOf([': keep-alive\n\nevent: cha', 'nge\ndata: 1\n\n', 'data: a\r\ndata: b\r\n\r\nevent: change\n\n']), (name, data) =>
      seen.push([name, data]),
    );
    expect(seen).toEqual([
      ['message', ''],
      ['change', '1'],
      ['message', 'a\nb'],
      ['change', ''],
    ]);
  });
});
