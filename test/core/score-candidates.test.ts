import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CatalogueItem } from '../../src/core/catalogue/catalogue-types';
import type { InteractionEvent } from '../../src/core/events/interaction-event';
import { buildCatalogueIndex, featureSourceOf, withVectors, type CatalogueIndex } from '../../src/core/index/catalogue-index';
import { InterestProfile } from '../../src/core/profile/interest-profile';
import { priorWeights } from '../../src/core/rank/priors';
import { NO_RERANK, rankCatalogue } from '../../src/core/rank/rank-catalogue';
import { orderCandidates, scoreCandidates } from '../../src/core/rank/score-candidates';
import { computeSignals, DEFAULT_SIGNAL_OPTIONS, SIGNALS } from '../../src/core/rank/signals';
import { seededRandom } from '../../src/core/random/seeded-random';
import { quantizeInt8 } from '../../src/core/vectors/item-vectors';
import { largeCatalogue } from '../../src/bench/browser-bench';
import { DAY, T0 } from './catalogue-fixture';

/** A catalogue with neighbours, dates and vectors, so that every signal has something to say. */
function richIndex(count: number, seed = 3): CatalogueIndex {
  const random = seededRandom(seed);
  const items: CatalogueItem[] = largeCatalogue(count, random).map((item, i) => ({
    ...item,
    neighbors: Array.from({ length: 5 }, () => `item-${Math.floor(random() * count)}`).filter((id) => id !== `item-${i}`),
  }));
  const dim = 16;
  const rows = Float32Array.from({ length: count * dim }, () => random() - 0.5);
  return withVectors(buildCatalogueIndex(items), quantizeInt8(rows, dim, { kernels: 'js' }), 'test-model');
}

function profileFor(index: CatalogueIndex, events: readonly InteractionEvent[]): InterestProfile {
  const profile = new InterestProfile();
  const source = featureSourceOf(index);
  for (const event of events) profile.apply(event, source);
  return profile;
}

/** Likes, a dislike, a hide, opens within the session and skips: every signal non-zero somewhere. */
function busyHistory(count: number, random = seededRandom(9)): InteractionEvent[] {
  const pick = (): string => `item-${Math.floor(random() * count)}`;
  const events: InteractionEvent[] = [];
  for (let i = 0; i < 8; i += 1) events.push({ kind: 'like', itemId: pick(), at: T0 + i * DAY });
  events.push({ kind: 'dislike', itemId: pick(), at: T0 + 9 * DAY }, { kind: 'hide', itemId: pick(), at: T0 + 9 * DAY });
  for (let i = 0; i < 4; i += 1) events.push({ kind: 'open', itemId: pick(), at: T0 + 10 * DAY + i * 60_000 }, { kind: 'skip', itemId: pick(), at: T0 + 10 * DAY + i * 60_000 });
  return events;
}

const NOW = T0 + 10 * DAY + 3_600_000;

describe('scoring a given list', () => {
  const index = richIndex(800);
  const profile = profileFor(index, busyHistory(800));

  it('gives each candidate exactly the signals the whole-catalogue table gives it, around an item or not', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 799 }), { minLength: 1, maxLength: 40 }), fc.option(fc.integer({ min: 0, max: 799 }), { nil: undefined }), (picked, around) => {
        const options = { ...DEFAULT_SIGNAL_OPTIONS, now: NOW, context: around };
        const full = computeSignals(index, profile, options);
        const positions = Int32Array.from(picked);
        const list = computeSignals(index, profile, options, undefined, positions);
        positions.forEach((position, k) => {
          for (const signal of SIGNALS) expect(list.values[signal][k], `${signal} of ${position}`).toBeCloseTo(full.values[signal][position]!, 5);
          expect(list.excluded[k]).toBe(full.excluded[position]);
          expect(list.bestCentroid[k]).toBe(full.bestCentroid[position]);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('scores and explains candidates as the feed does, keeps the given order, drops repeats and reports unknown ids', () => {
    const ids = ['item-5', 'nope', 'item-9', 'item-5', 'item-700', 'gone'];
    const { scored, unknown } = scoreCandidates(index, profile, { ids, now: NOW });
    expect(scored.map((s) => s.itemId)).toEqual(['item-5', 'item-9', 'item-700']);
    expect(unknown).toEqual(['nope', 'gone']);
    const feed = rankCatalogue(index, profile, { limit: 800, now: NOW, rerank: NO_RERANK, weights: priorWeights(index, profile) });
    for (const entry of scored) {
      const inFeed = feed.find((f) => f.itemId === entry.itemId);
      // Items the feed leaves out (hidden, disliked) are still scored: the page asked for them.
      if (inFeed === undefined) continue;
      expect(entry.score).toBeCloseTo(inFeed.score, 5);
      expect(entry.explanation.signals).toEqual(inFeed.explanation.signals.map((s) => expect.objectContaining({ signal: s.signal, contribution: expect.closeTo(s.contribution, 5) })));
      const total = entry.explanation.signals.reduce((sum, s) => sum + s.contribution, 0);
      expect(total).toBeCloseTo(entry.score, 5);
    }
  });

  it('orders best first, and equal scores in the order the page gave them', () => {
    const tied = buildCatalogueIndex(['a', 'b', 'c', 'd'].map((id) => ({ id, title: `Story ${id}`, tags: ['news'] })));
    const none = new InterestProfile();
    for (const ids of [['a', 'b', 'c', 'd'], ['d', 'c', 'b', 'a'], ['c', 'a', 'd', 'b']]) {
      expect(orderCandidates(scoreCandidates(tied, none, { ids, now: NOW }).scored).map((s) => s.itemId)).toEqual(ids);
    }
    const ordered = orderCandidates(scoreCandidates(index, profile, { ids: Array.from({ length: 30 }, (_, i) => `item-${i * 7}`), now: NOW }).scored);
    for (let i = 1; i < ordered.length; i += 1) expect(ordered[i - 1]!.score).toBeGreaterThanOrEqual(ordered[i]!.score);
  });

  it('on a catalogue larger than the scale sample, stays close to the whole-catalogue order', () => {
    const big = richIndex(12_000, 5);
    const reader = profileFor(big, busyHistory(12_000));
    const ids = Array.from({ length: 25 }, (_, i) => `item-${i * 397}`);
    const weights = priorWeights(big, reader);
    const full = computeSignals(big, reader, { ...DEFAULT_SIGNAL_OPTIONS, now: NOW });
    const byFeed = [...ids].sort((a, b) => scoreOf(b) - scoreOf(a));
    function scoreOf(id: string): number {
      const p = big.lexical.positionById.get(id)!;
      return SIGNALS.reduce((sum, s) => sum + (['disliked', 'seen', 'skipped'].includes(s) ? -1 : 1) * weights[s] * full.values[s][p]!, 0);
    }
    const byList = orderCandidates(scoreCandidates(big, reader, { ids, now: NOW }).scored).map((s) => s.itemId);
    // Interest's scale comes from an even sample of 4,096 items: the top of the list agrees.
    expect(byList.slice(0, 5)).toEqual(byFeed.slice(0, 5));
  });
});

describe('around the item being read', () => {
  const items: CatalogueItem[] = [
    { id: 'article', title: 'Mars rover finds ancient lake bed', tags: ['science', 'space'], popularity: 10, neighbors: ['coread'] },
    { id: 'coread', title: 'City council votes on budget', tags: ['politics'], popularity: 10 },
    { id: 'similar', title: 'Rover on Mars drills into lake sediments', tags: ['science', 'space'], popularity: 10 },
    { id: 'lister', title: 'Opinion: why we explore', tags: ['opinion'], popularity: 10, neighbors: ['article'] },
    { id: 'read', title: 'Mars lake bed: what the rover saw', tags: ['science', 'space'], popularity: 10 },
    { id: 'famous', title: 'Celebrity wedding photos', tags: ['entertainment'], popularity: 20 },
    { id: 'sports', title: 'Cup final goes to penalties', tags: ['sports'], popularity: 15 },
  ];
  const index = buildCatalogueIndex(items);

  it('blends what is like the item and what its readers also read, leaving out the item and what was read', () => {
    const reader = profileFor(index, [{ kind: 'open', itemId: 'read', at: T0 }]);
    const ranked = rankCatalogue(index, reader, { limit: 7, now: T0 + DAY, context: 'article' });
    const ids = ranked.map((r) => r.itemId);
    expect(ids).not.toContain('article');
    expect(ids).not.toContain('read');
    expect(ids.slice(0, 3).sort()).toEqual(['coread', 'lister', 'similar']);
    expect(ids.indexOf('famous')).toBeGreaterThan(2);
    for (const entry of ranked) expect(entry.explanation.context).toEqual({ itemId: 'article' });
    const signalsOf = (id: string): string[] => ranked.find((r) => r.itemId === id)!.explanation.signals.map((s) => s.signal);
    expect(signalsOf('coread')).toContain('coread');
    expect(signalsOf('similar')).toContain('context');
  });

  it('without an item, or with one the catalogue lacks, ranks as the feed does', () => {
    const reader = new InterestProfile();
    const plain = rankCatalogue(index, reader, { limit: 7, now: T0 });
    expect(rankCatalogue(index, reader, { limit: 7, now: T0, context: 'not-here' })).toEqual(plain);
    expect(plain.every((r) => r.explanation.context === null && !r.explanation.signals.some((s) => s.signal === 'context' || s.signal === 'coread'))).toBe(true);
  });
});
