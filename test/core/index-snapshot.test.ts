import { describe, expect, it } from 'vitest';
import { syntheticCatalogue } from '../../src/bench/synthetic-catalogue';
import { buildCatalogueIndex, buildTagIndex, featureSourceOf } from '../../src/core/index/catalogue-index';
import { restoreIndex, snapshotBuffers, snapshotIndex, type CatalogueIndexSnapshot } from '../../src/core/index/index-snapshot';
import { InterestProfile } from '../../src/core/profile/interest-profile';
import { NO_RERANK, rankCatalogue } from '../../src/core/rank/rank-catalogue';
import { seededRandom } from '../../src/core/random/seeded-random';
import { quantizeInt8 } from '../../src/core/vectors/item-vectors';

const NOW = Date.UTC(2026, 10, 1);

describe('catalogue index snapshots', () => {
  it('a restored index ranks exactly like the built one, through structured clone and with vectors', () => {
    const { items, embeddings } = syntheticCatalogue(600, 16, seededRandom(9), NOW);
    const built = buildCatalogueIndex(items, quantizeInt8(embeddings.rows, 16, { refine: true }));
    const snapshot = structuredClone(snapshotIndex(built));
    const restored = restoreIndex(snapshot);
    if (restored.kind !== 'restored') throw new Error(JSON.stringify(restored.problem));
    expect(restored.index.vectors?.scan.kind).toBe('wasm-simd');

    const profileFor = (index: typeof built): InterestProfile => {
      const profile = new InterestProfile();
      const features = featureSourceOf(index);
      for (const [i, kind] of [[3, 'like'], [40, 'open'], [41, 'dislike'], [90, 'save']] as const) profile.apply({ kind, itemId: items[i]!.id, at: NOW - 1000 + i }, features);
      profile.apply({ kind: 'stated-interest', text: 'topic-2', at: NOW }, features);
      return profile;
    };
    const request = { limit: 30, now: NOW };
    expect(rankCatalogue(restored.index, profileFor(restored.index), request)).toEqual(rankCatalogue(built, profileFor(built), request));
  });

  it('its buffers can be transferred, and the built index keeps working after a copy is sent', () => {
    const { items } = syntheticCatalogue(50, 4, seededRandom(1), NOW);
    const built = buildCatalogueIndex(items);
    const snapshot = snapshotIndex(built);
    const buffers = snapshotBuffers(snapshot);
    expect(buffers.length).toBe(15);
    const received = structuredClone(snapshot);
    expect(restoreIndex(received).kind).toBe('restored');
    expect(rankCatalogue(built, new InterestProfile(), { limit: 5, now: NOW })).toHaveLength(5);
  });

  it('rejects a snapshot from another release or with arrays that disagree', () => {
    const { items } = syntheticCatalogue(20, 4, seededRandom(2), NOW);
    const snapshot = snapshotIndex(buildCatalogueIndex(items));
    expect(restoreIndex({ ...snapshot, version: 99 } as unknown as CatalogueIndexSnapshot)).toEqual({ kind: 'rejected', problem: { kind: 'version', found: 99 } });
    expect(restoreIndex({ ...snapshot, termFrequencies: new Float32Array(3) })).toMatchObject({ kind: 'rejected', problem: { kind: 'inconsistent', detail: 'row weights' } });
    expect(restoreIndex({ ...snapshot, popularity: new Float64Array(1) })).toMatchObject({ kind: 'rejected', problem: { kind: 'inconsistent' } });
  });
});

describe('the tags-only index', () => {
  it('scores a profile with no history exactly as the full index does (only diversity, which compares words, may reorder)', () => {
    const { items } = syntheticCatalogue(800, 4, seededRandom(5), NOW);
    const full = buildCatalogueIndex(items);
    const tags = buildTagIndex(items);
    expect(tags.coverage).toBe('tags-only');
    expect(tags.lexical.featureKeys.every((key) => key.startsWith('t:'))).toBe(true);
    const request = { limit: 40, now: NOW, rerank: NO_RERANK };
    expect(rankCatalogue(tags, new InterestProfile(), request)).toEqual(rankCatalogue(full, new InterestProfile(), request));
    expect(() => snapshotIndex(tags)).toThrow();
  });
});
