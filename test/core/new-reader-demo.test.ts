import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalogueText } from '../../src/core/catalogue/parse-catalogue';
import type { InteractionEvent } from '../../src/core/events/interaction-event';
import { buildCatalogueIndex, featureSourceOf, withRanking } from '../../src/core/index/catalogue-index';
import { InterestProfile } from '../../src/core/profile/interest-profile';
import { rankCatalogue } from '../../src/core/rank/rank-catalogue';

/**
 * What a new reader sees on the demo catalogue the builder wrote (its neighbours and tuned
 * priors), in Node: the same three behaviours the end-to-end tests check in the app, here in
 * seconds, so a change to the builder's neighbours or to how the ranking reads them is caught
 * before a browser starts. Another catalogue built from the same log (other `--neighbor-model`
 * or `--max-neighbors`) can be checked with SIFT_DEMO_CATALOGUE=path.
 */
const file = process.env.SIFT_DEMO_CATALOGUE ?? 'public/catalog/movielens-demo.json';
const parsed = parseCatalogueText(readFileSync(file, 'utf8'));
if (parsed.kind !== 'ok') throw new Error(`${file}: ${parsed.kind}`);
const catalogue = parsed.catalogue;
const index = withRanking(buildCatalogueIndex(catalogue.items), catalogue.ranking ?? null);
const source = featureSourceOf(index);
const tagsOf = new Map(catalogue.items.map((item) => [item.id, item.tags]));
const now = Date.UTC(2026, 11, 3);

function profileOf(events: readonly InteractionEvent[]): InterestProfile {
  const profile = new InterestProfile();
  for (const event of events) profile.apply(event, source);
  return profile;
}
/** The app's feed: 20 cards, exploration seeded by the event count. */
const feed = (events: readonly InteractionEvent[]): string[] => rankCatalogue(index, profileOf(events), { limit: 20, now, seed: events.length }).map((r) => r.itemId);

describe('a new reader on the demo catalogue', () => {
  it('after two Sci-Fi likes the genre keeps its share and brings new films', () => {
    const sciFi = (id: string) => tagsOf.get(id)!.includes('Sci-Fi');
    const initial = feed([]);
    const events: InteractionEvent[] = [];
    for (let i = 0; i < 2; i += 1) {
      const target = feed(events).find((id) => sciFi(id) && !events.some((e) => 'itemId' in e && e.itemId === id))!;
      events.push({ kind: 'like', itemId: target, at: now - 1000 + i });
    }
    const fresh = feed(events).filter((id) => !events.some((e) => 'itemId' in e && e.itemId === id));
    expect(fresh.filter(sciFi).length).toBeGreaterThanOrEqual(initial.filter(sciFi).length);
    expect(fresh.filter((id) => sciFi(id) && !initial.includes(id)).length).toBeGreaterThanOrEqual(1);
    expect(fresh.slice(0, 3).some(sciFi)).toBe(true);
  });

  it('a card just saved stays on the page', () => {
    const disliked: InteractionEvent = { kind: 'dislike', itemId: feed([])[0]!, at: now - 2000 };
    const saved = feed([disliked])[0]!;
    expect(feed([disliked, { kind: 'save', itemId: saved, at: now - 1000 }])).toContain(saved);
  });

  it('around Star Wars, after a visit to Toy Story, The Empire Strikes Back is in a block of 4', () => {
    const block = rankCatalogue(index, profileOf([{ kind: 'open', itemId: 'ml-1', at: now - 60_000 }]), { limit: 4, now, context: 'ml-260' });
    expect(block.map((r) => r.itemId)).toContain('ml-1196');
  });
});
