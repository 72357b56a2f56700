import 'fake-indexeddb/auto';
import { expose, wrap } from 'comlink';
import { describe, expect, it } from 'vitest';
import type { Catalogue } from '../../src/core/catalogue/catalogue-types';
import type { InteractionEvent } from '../../src/core/events/interaction-event';
import { REPLAY_SLICE, restoreRanker } from '../../src/app/restore-ranker';
import type { AsyncRanker, RankerApi } from '../../src/engines/ranker/ranker-api';
import { RankerEngine } from '../../src/engines/ranker/ranker-engine';
import { FILMS } from '../core/catalogue-fixture';

// A long history goes to the ranking worker in slices (one message of 100,000 events held the
// page for 70 ms): the worker must end where one restore of the whole history would.

const catalogue: Catalogue = { format: 'sift-catalog', version: 1, id: 'films', title: 'Films', language: 'en', items: FILMS };
const T = 1_700_000_000_000;

/** An engine behind a real Comlink channel, as the worker runs it; each call it gets is counted. */
function workerEngine(): { ranker: AsyncRanker; engine: RankerEngine; calls: Array<{ method: string; events: number }> } {
  const engine = new RankerEngine(async () => new Response('', { status: 404 }));
  engine.setCatalogue(catalogue);
  const calls: Array<{ method: string; events: number }> = [];
  const counted = new Proxy(engine, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if ((key === 'restore' || key === 'recordEvents') && typeof value === 'function') {
        return (...args: unknown[]) => {
          calls.push({ method: key, events: (args[key === 'restore' ? 1 : 0] as unknown[]).length });
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const channel = new MessageChannel();
  expose(counted, channel.port1);
  return { ranker: wrap<RankerApi>(channel.port2) as unknown as AsyncRanker, engine, calls };
}

describe('restoring the ranker from a long history', () => {
  it('sends it in slices and ends with the profile one restore gives', async () => {
    const kinds = ['open', 'like', 'skip', 'save', 'dislike'] as const;
    const history: InteractionEvent[] = Array.from({ length: 2 * REPLAY_SLICE + 17 }, (_, i) => ({ kind: kinds[i % kinds.length]!, itemId: FILMS[(i * 7) % FILMS.length]!.id, at: T + i * 1000 }) as InteractionEvent);
    const sliced = workerEngine();
    await restoreRanker(sliced.ranker, null, history);
    expect(sliced.calls).toEqual([
      { method: 'restore', events: REPLAY_SLICE },
      { method: 'recordEvents', events: REPLAY_SLICE },
      { method: 'recordEvents', events: 17 },
    ]);
    const whole = new RankerEngine(async () => new Response('', { status: 404 }));
    whole.setCatalogue(catalogue);
    whole.restore(null, history);
    expect(sliced.engine.state()).toEqual(whole.state());

    const short = workerEngine();
    await restoreRanker(short.ranker, sliced.engine.state(), history.slice(0, 3));
    expect(short.calls).toEqual([{ method: 'restore', events: 3 }]);
  });
});
