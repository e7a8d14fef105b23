import { expect, it } from 'vitest';
import { FifoLock } from './sqlite-fifo.ts';

it('grants the lock in the order it was asked for, even to late arrivals', async () => {
  const lock = new FifoLock();
  const order: number[] = [];
  const holders = [0, 1, 2, 3].map(async (i) => {
    const release = await lock.acquire();
    order.push(i);
    await new Promise((r) => setTimeout(r, 5));
    if (i === 0) void lock.acquire().then((r) => (order.push(9), r())); // arrives while 1–3 wait
    release();
  });
  await Promise.all(holders);
  await (await lock.acquire())();
  expect(order).toEqual([0, 1, 2, 3, 9]);
});
