import { describe, expect, it } from 'vitest';
import type { InteractionEvent } from '../../src/core/events/interaction-event';
import { RankerEngine } from '../../src/engines/ranker/ranker-engine';
import { fakeFetch } from '../app/network-fixture';
import { FILMS, T0 } from '../core/catalogue-fixture';

const catalogue = { format: 'sift-catalog' as const, version: 1 as const, id: 'films', title: 'Films', language: 'en', items: FILMS };

describe('RankerEngine', () => {
  it('learns weights only from feedback on what was shown, and a replay of the same events learns the same', () => {
    const engine = new RankerEngine();
    engine.setCatalogue(catalogue);
    const shown = engine.rank({ limit: 5, now: T0 });
    const signalsOf = (id: string) => Object.fromEntries(shown.find((r) => r.itemId === id)!.explanation.signals.map((s) => [s.signal, s.value]));
    const events: InteractionEvent[] = [
      { kind: 'skip', itemId: shown[0]!.itemId, at: T0, shown: signalsOf(shown[0]!.itemId) },
      { kind: 'like', itemId: shown[1]!.itemId, at: T0, shown: signalsOf(shown[1]!.itemId) },
      { kind: 'like', itemId: 'solaris', at: T0 + 1 },
    ];
    engine.recordEvents(events);
    const state = engine.state();
    expect(state.weights.updates).toBe(2);

    const replayed = new RankerEngine();
    replayed.setCatalogue(catalogue);
    replayed.restore(null, events);
    expect(replayed.state()).toEqual(state);
    expect(replayed.rank({ limit: 10, now: T0 + 2 })).toEqual(engine.rank({ limit: 10, now: T0 + 2 }));
  });

  it('keeps its catalogue when a fetch fails and swaps it when one succeeds', async () => {
    const network = fakeFetch({ 'https://x/films.json': JSON.stringify(catalogue), 'https://x/bad.json': '[]' });
    const engine = new RankerEngine(network.fetch);
    const first = await engine.fetchCatalogue('https://x/films.json');
    expect(first.kind).toBe('loaded');
    // Fetching the same content again with its hash re-indexes nothing and sends nothing back.
    expect(await engine.fetchCatalogue('https://x/films.json', first.kind === 'loaded' ? first.contentHash : '')).toEqual({ kind: 'unchanged', url: 'https://x/films.json' });
    expect(await engine.fetchCatalogue('https://x/bad.json')).toMatchObject({ kind: 'failed', error: { kind: 'invalid', problem: { kind: 'not-an-object' } } });
    expect(await engine.fetchCatalogue('https://x/missing.json')).toMatchObject({ kind: 'failed', error: { kind: 'http', status: 404 } });
    expect(engine.rank({ limit: 20, now: T0 })).toHaveLength(FILMS.length);
    expect(network.requests.every((r) => r.startsWith('GET '))).toBe(true);
    expect(engine.topTags(2).map((t) => t.label)).toEqual(['Sci-Fi', 'space']);
  });
});
