import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { FeedEntry } from '../../src/app/session-types';
import { lastCardsOf, MAX_PLACEMENTS } from '../../src/widget/frame/last-cards';
import { WidgetController } from '../../src/widget/widget-controller.svelte';
import { openSession } from '../app/session-fixture';

const NOW = 1_700_000_000_000;

/** A Storage over a Map, as a frame's localStorage behaves (getItem/setItem, a quota). */
function memoryStorage(quota = Infinity): Pick<Storage, 'getItem' | 'setItem'> & { readonly map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => {
      if (value.length > quota) throw new DOMException('quota', 'QuotaExceededError');
      map.set(key, value);
    },
  };
}

function entry(id: string): FeedEntry {
  return {
    item: { id, title: `Title ${id}`, summary: 'a long summary '.repeat(50), body: 'body '.repeat(500), url: `https://site.example/${id}`, tags: ['a', 'b'] },
    reasons: [{ kind: 'popular', popularity: 3 }],
    mark: { reaction: null, saved: false },
    ranked: { itemId: id, score: 1, explanation: { signals: [{ signal: 'popularity', value: 1, weight: 1, contribution: 1 }], matched: [], because: [], exploration: null, context: null } },
  } as unknown as FeedEntry;
}

describe('the cards a frame showed last', () => {
  it('are kept per catalogue and placement, slimmed to what a card shows, the latest placements only', () => {
    const storage = memoryStorage();
    const cards = lastCardsOf(storage, 'https://site.example/catalog.json');
    expect(cards.any).toBe(false);
    cards.write('{"kind":"feed"}', [entry('a'), entry('b')]);
    const again = lastCardsOf(storage, 'https://site.example/catalog.json');
    expect(again.any).toBe(true);
    const read = again.read('{"kind":"feed"}')!;
    expect(read.map((e) => e.item)).toEqual([
      { id: 'a', title: 'Title a', tags: [], url: 'https://site.example/a' },
      { id: 'b', title: 'Title b', tags: [], url: 'https://site.example/b' },
    ]);
    expect(read[0]!.reasons).toEqual([{ kind: 'popular', popularity: 3 }]);
    expect(again.read('{"kind":"around","itemId":"x"}')).toBeNull();
    expect(lastCardsOf(storage, 'https://other.example/catalog.json').any).toBe(false);
    for (let i = 0; i < MAX_PLACEMENTS + 5; i += 1) again.write(`around-${i}`, [entry(`x${i}`)]);
    const kept = JSON.parse([...storage.map.values()][0]!) as { placements: Array<{ key: string }> };
    expect(kept.placements.map((p) => p.key)).toEqual(Array.from({ length: MAX_PLACEMENTS }, (_, i) => `around-${MAX_PLACEMENTS + 4 - i}`));
    expect([...storage.map.values()][0]!.length).toBeLessThan(MAX_PLACEMENTS * 400);
  });

  it('blocked, full or garbled storage reads as nothing kept and never throws', () => {
    const blocked = { getItem: () => { throw new DOMException('blocked', 'SecurityError'); }, setItem: () => { throw new DOMException('blocked', 'SecurityError'); } };
    const cards = lastCardsOf(blocked, 'https://site.example/c.json');
    expect(cards.any).toBe(false);
    expect(() => cards.write('k', [entry('a')])).not.toThrow();
    expect(() => lastCardsOf(memoryStorage(10), 'u').write('k', [entry('a')])).not.toThrow();
    for (const garbled of ['{', '[]', '{"version":2,"placements":[]}', '{"version":1,"placements":[{"key":"k","entries":[{"item":{"id":1}}]}]}']) {
      const storage = memoryStorage();
      storage.setItem('sift.lastCards:u', garbled);
      expect(lastCardsOf(storage, 'u').read('k')).toBeNull();
    }
    expect(lastCardsOf(null, 'u').any).toBe(false);
  });

  it('the controller shows them until its own ranking arrives, in the same slots, then keeps the new ones', async () => {
    const { session } = openSession(`last-cards-${Math.random()}`, () => NOW);
    const controller = new WidgetController(session, () => true, () => 0);
    controller.settings = { ...controller.settings, count: 4 };
    const shown = ['gone-1', 'gone-2', 'gone-3', 'gone-4', 'gone-5'].map(entry);
    controller.preview = { key: controller.placementKey, entries: shown };
    // Before the session has anything: last visit's cards, cut to the slots.
    expect(controller.items.map((e) => e.item.id)).toEqual(['gone-1', 'gone-2', 'gone-3', 'gone-4']);
    expect(controller.previewing).toBe(true);
    expect(controller.settled).toBeNull();
    await controller.start();
    // This page view's ranking replaces them, as many.
    expect(controller.previewing).toBe(false);
    expect(controller.items).toHaveLength(4);
    expect(controller.items.map((e) => e.item.id)).not.toContain('gone-1');
    // What the view hands to `remember` for the next visit.
    expect(controller.settled?.key).toBe('{"kind":"feed"}');
    expect(controller.settled?.entries.map((e) => e.item.id)).toEqual(controller.items.map((e) => e.item.id));
    // Another placement's cards are never shown for this one.
    controller.preview = { key: '{"kind":"around","itemId":"x"}', entries: shown };
    expect(controller.items.map((e) => e.item.id)).not.toContain('gone-1');
  });
});
