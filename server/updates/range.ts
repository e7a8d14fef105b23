// HTTP Range for installers (RFC 9110 §14): electron-updater's differential download asks for
// the changed blocks only, many ranges in one request, and reads a multipart/byteranges answer.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';

export interface ByteRange {
  start: number;
  /** Inclusive, as in the header. */
  end: number;
}

/** More ranges than electron-updater ever sends in one request (it sends up to 1000). */
const MAX_RANGES = 2000;

/**
 * The ranges asked for, in the order asked; 'unsatisfiable' when none overlaps the file; null
 * when the header is absent, malformed or asks for too much (then the whole file is sent, as
 * the RFC allows: a client cannot make the hub read a file many times over in one request).
 */
export function parseRange(header: string | undefined, size: number): ByteRange[] | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(.+)$/i.exec(header.trim());
  if (!m) return null;
  const ranges: ByteRange[] = [];
  const specs = m[1]!.split(',');
  if (specs.length > MAX_RANGES) return null;
  for (const raw of specs) {
    const spec = /^\s*(\d*)-(\d*)\s*$/.exec(raw);
    if (!spec || (spec[1] === '' && spec[2] === '')) return null;
    let start: number;
    let end: number;
    if (spec[1] === '') {
      const suffix = Number(spec[2]);
      if (suffix === 0) continue;
      start = Math.max(0, size - suffix);
      end = size - 1;
    } else {
      start = Number(spec[1]);
      end = spec[2] === '' ? size - 1 : Math.min(Number(spec[2]), size - 1);
      if (end < start && spec[2] !== '') return null;
    }
    if (start >= size || end < start) continue;
    ranges.push({ start, end });
  }
  if (ranges.length === 0) return 'unsatisfiable';
  const total = ranges.reduce((sum, r) => sum + r.end - r.start + 1, 0);
  return total > 2 * size + 1024 ? null : ranges;
}

/** Writes the file, or the ranges of it, to a raw response (headers included). */
export async function sendFile(res: ServerResponse, file: string, size: number, ranges: ByteRange[] | 'unsatisfiable' | null, headers: Record<string, string>, head: boolean): Promise<void> {
  const base = { ...headers, 'accept-ranges': 'bytes' };
  if (ranges === 'unsatisfiable') {
    res.writeHead(416, { ...base, 'content-range': `bytes */${size}`, 'content-length': '0' });
    res.end();
    return;
  }
  if (ranges === null) {
    res.writeHead(200, { ...base, 'content-type': 'application/octet-stream', 'content-length': String(size) });
    if (head) return void res.end();
    await pipeline(fs.createReadStream(file), res);
    return;
  }
  if (ranges.length === 1) {
    const { start, end } = ranges[0]!;
    res.writeHead(206, { ...base, 'content-type': 'application/octet-stream', 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': String(end - start + 1) });
    if (head) return void res.end();
    await pipeline(fs.createReadStream(file, { start, end }), res);
    return;
  }
  const boundary = randomBytes(12).toString('hex');
  const partHead = (r: ByteRange) => `--${boundary}\r\ncontent-type: application/octet-stream\r\ncontent-range: bytes ${r.start}-${r.end}/${size}\r\n\r\n`;
  const closing = `--${boundary}--\r\n`;
  const length = ranges.reduce((sum, r, i) => sum + (i ? 2 : 0) + Buffer.byteLength(partHead(r)) + r.end - r.start + 1, 0) + 2 + closing.length;
  res.writeHead(206, { ...base, 'content-type': `multipart/byteranges; boundary=${boundary}`, 'content-length': String(length) });
  if (head) return void res.end();
  const handle = await fs.promises.open(file, 'r');
  try {
    for (const [i, r] of ranges.entries()) {
      if (!write(res, `${i ? '\r\n' : ''}${partHead(r)}`)) await drained(res);
      let position = r.start;
      while (position <= r.end) {
        const length = Math.min(256 * 1024, r.end - position + 1);
        const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(length), 0, length, position);
        if (bytesRead === 0) throw new Error(`${file} is shorter than the hub recorded`);
        position += bytesRead;
        if (!write(res, buffer.subarray(0, bytesRead))) await drained(res);
      }
    }
    res.end(`\r\n${closing}`);
  } finally {
    await handle.close();
  }
}

function write(res: ServerResponse, chunk: string | Buffer): boolean {
  if (res.destroyed) throw new Error('the client went away');
  return res.write(chunk);
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', gone);
      resolve();
    };
    const gone = () => {
      res.off('drain', done);
      reject(new Error('the client went away'));
    };
    res.once('drain', done);
    res.once('close', gone);
  });
}
