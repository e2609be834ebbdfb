import t from 'tap';
import { EventStream } from '../../src/util/event-stream.js';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
}

t.test('every iterator and callback sees each value emitted after it subscribed', async (t) => {
  const s = new EventStream<number>();
  s.emit(0);
  const seen: number[] = [];
  s.subscribe((v) => seen.push(v));
  const a = collect(s);
  const b = collect(s);
  s.emit(1);
  s.emit(2);
  s.end();
  t.same(await a, [1, 2]);
  t.same(await b, [1, 2]);
  t.same(seen, [1, 2]);
});

t.test('holdUntilSubscribed hands early values to the first subscriber only', async (t) => {
  const s = new EventStream<number>({ holdUntilSubscribed: true });
  s.emit(1);
  s.emit(2);
  const first = collect(s);
  const second = collect(s);
  s.emit(3);
  s.end();
  t.same(await first, [1, 2, 3]);
  t.same(await second, [3]);
});

t.test('end(error) rejects pending and later reads', async (t) => {
  const s = new EventStream<number>();
  const it = s[Symbol.asyncIterator]();
  const pending = it.next();
  s.end(new Error('gone'));
  await t.rejects(pending, /gone/);
  await t.rejects(s[Symbol.asyncIterator]().next(), /gone/);
  s.emit(5); // ignored once ended
});

t.test('breaking out of for-await detaches the iterator', async (t) => {
  const s = new EventStream<number>();
  const done = (async () => {
    for await (const v of s) if (v === 2) break;
  })();
  s.emit(1);
  s.emit(2);
  await done;
  s.emit(3); // no subscriber left to buffer it
  t.pass('detached');
});
