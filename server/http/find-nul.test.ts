// The NUL check walks what JSON makes, never an upload's stream or bytes.
import { expect, it } from 'vitest';
import { findNul } from './json.ts';

it('names where a NUL is in parsed JSON', () => {
  expect(findNul({ a: [{ b: 'ok' }, { c: 'x\u0000y' }] })).toBe('a[1].c');
  expect(findNul({ ['k\u0000']: 1 })).toBe('k\u0000');
  expect(findNul({ a: ['fine', 2, null, true] })).toBeNull();
});

it('leaves an upload alone: a request stream (whose fields point back at each other) and a Buffer', () => {
  // A connected request stream's fields lead back to it (socket → server → …); so does this one.
  class Stream {
    readonly self = this;
    readonly chunk = 'a\u0000b';
  }
  const stream = new Stream();
  expect(() => findNul(stream)).not.toThrow();
  expect(findNul(stream)).toBeNull();
  expect(findNul(Buffer.from('a\u0000b'))).toBeNull();
});
