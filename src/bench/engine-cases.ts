import type { InteractionEvent } from '../core/events/interaction-event';
import { buildCatalogueIndex, featureSourceOf, withVectors } from '../core/index/catalogue-index';
import { textFeatures } from '../core/lexical/lexical-index';
import { bm25Scores, denseUnit } from '../core/lexical/match-features';
import { InterestProfile } from '../core/profile/interest-profile';
import { rankCatalogue } from '../core/rank/rank-catalogue';
import { scoreCandidates } from '../core/rank/score-candidates';
import { SignalScratch } from '../core/rank/signals';
import { seededRandom } from '../core/random/seeded-random';
import { tokenize } from '../core/text/tokenize';
import { quantizeInt8 } from '../core/vectors/item-vectors';
import { interleave, summarize, type TimingSummary } from './stats';
import { syntheticCatalogue } from './synthetic-catalogue';

export interface EngineBenchOptions {
  readonly count: number;
  readonly dim: number;
  readonly warmup: number;
  readonly runs: number;
  readonly seed: number;
  readonly clock: () => number;
}

export interface EngineResult {
  readonly count: number;
  readonly indexBuild: TimingSummary;
  readonly profileUpdate: TimingSummary;
  readonly rerankAfterEvent: TimingSummary;
  /** The same profile ranked around one item (`<sift-recs item=…>`, "More like this"). */
  readonly rankAround: TimingSummary;
  /** Both again on the catalogue without vectors. */
  readonly rerankWords: TimingSummary;
  readonly rankAroundWords: TimingSummary;
  /** The same profile and 25 given candidates scored and explained (`<sift-recs candidates=…>`). */
  readonly scoreList: TimingSummary;
  readonly bm25: TimingSummary;
  /** The same BM25 scores computed the obvious way (per-item maps of term weights). */
  readonly bm25Naive: TimingSummary;
}

const NOW = Date.UTC(2026, 10, 1);
const HISTORY = 30;

/**
 * The worker's per-event work on a `count`-item catalogue with int8 vectors: applying one event
 * to an established profile (30 events), and that plus a full re-rank with re-ranking on —
 * what happens between a click and the refreshed feed. Plus lexical BM25 scoring of every item.
 */
export function benchEngine(options: EngineBenchOptions): EngineResult {
  const random = seededRandom(options.seed);
  const { items, embeddings } = syntheticCatalogue(options.count, options.dim, random, NOW);
  const vectors = quantizeInt8(embeddings.rows, options.dim);
  // Median of a few builds: the first also pays for compiling the code it runs.
  const buildTimes: number[] = [];
  let index = buildCatalogueIndex(items, vectors);
  for (let b = 0; b < 5; b += 1) {
    const buildStart = options.clock();
    index = buildCatalogueIndex(items, vectors);
    buildTimes.push(options.clock() - buildStart);
  }
  const indexBuild = summarize(buildTimes);
  const features = featureSourceOf(index);
  // The worker's own arrays, reused from one ranking to the next (as RankerEngine does).
  const scratch = new SignalScratch();
  // The same catalogue without vectors (a site that ships none, like the demo), with its own profile.
  const words = withVectors(index, null, '');
  const wordsScratch = new SignalScratch();
  const wordsProfile = new InterestProfile();
  const wordsFeatures = featureSourceOf(words);

  const profile = new InterestProfile();
  const kinds: InteractionEvent['kind'][] = ['like', 'open', 'skip', 'like', 'save', 'dislike'];
  const pick = (): string => items[Math.floor(random() * items.length)]!.id;
  for (let e = 0; e < HISTORY; e += 1) {
    const kind = kinds[e % kinds.length]!;
    const event = { kind: kind as 'like', itemId: pick(), at: NOW - (HISTORY - e) * 60_000 };
    profile.apply(event, features);
    wordsProfile.apply(event, wordsFeatures);
  }
  const eventAt = (run: number): InteractionEvent => ({ kind: run % 2 === 0 ? 'like' : 'open', itemId: items[(run * 7919) % items.length]!.id, at: NOW + run * 1000 });

  // Search: a query naming a tag and two title words.
  const query = `topic-3 ${items[0]!.title.split(' ').slice(0, 2).join(' ')}`;
  const lexical = index.lexical;
  const queryFeatures = textFeatures(lexical, query);
  const dense = new Float32Array(lexical.featureKeys.length);
  const scores = new Float32Array(index.itemCount);
  const naive = naiveBm25(items.map((item) => [...item.tags.map((t) => `t:${t.toLowerCase()}`), ...tokenize(`${item.title} ${item.summary ?? ''}`).map((w) => `w:${w}`)]));
  const naiveQuery = new Map(queryFeatures);

  let sink = 0;
  const timings = interleave(
    [
      { name: 'profileUpdate', run: (run) => profile.apply(eventAt(run), features) },
      {
        name: 'rerankAfterEvent',
        run: (run) => {
          profile.apply(eventAt(run + 100_000), features);
          sink += rankCatalogue(index, profile, { limit: 20, now: NOW + run * 1000 }, scratch).length;
        },
      },
      { name: 'rankAround', run: (run) => (sink += rankCatalogue(index, profile, { limit: 20, now: NOW + run * 1000, context: items[(run * 104_729) % items.length]!.id }, scratch).length) },
      { name: 'rerankWords', run: (run) => (sink += rankCatalogue(words, wordsProfile, { limit: 20, now: NOW + run * 1000 }, wordsScratch).length) },
      {
        name: 'rankAroundWords',
        run: (run) => (sink += rankCatalogue(words, wordsProfile, { limit: 20, now: NOW + run * 1000, context: items[(run * 104_729) % items.length]!.id }, wordsScratch).length),
      },
      {
        name: 'scoreList',
        run: (run) => (sink += scoreCandidates(index, profile, { ids: Array.from({ length: 25 }, (_, k) => items[(run * 31 + k * 3_989) % items.length]!.id), now: NOW + run * 1000 }).scored.length),
      },
      { name: 'bm25', run: () => (sink += bm25Scores(lexical, denseUnit(lexical, queryFeatures, dense), scores)) },
      { name: 'bm25Naive', run: () => (sink += naive(naiveQuery).length) },
    ],
    options,
  );
  if (sink < 0) console.log(sink);
  return {
    count: options.count,
    indexBuild,
    profileUpdate: timings.get('profileUpdate')!,
    rerankAfterEvent: timings.get('rerankAfterEvent')!,
    rankAround: timings.get('rankAround')!,
    rerankWords: timings.get('rerankWords')!,
    rankAroundWords: timings.get('rankAroundWords')!,
    scoreList: timings.get('scoreList')!,
    bm25: timings.get('bm25')!,
    bm25Naive: timings.get('bm25Naive')!,
  };
}

/** BM25 over per-document term maps, as a straightforward implementation would hold them. */
function naiveBm25(documents: ReadonlyArray<readonly string[]>): (query: ReadonlyMap<string, number>) => Array<{ doc: number; score: number }> {
  const k1 = 1.2;
  const b = 0.75;
  const termCounts = documents.map((terms) => {
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    return counts;
  });
  const documentFrequency = new Map<string, number>();
  for (const counts of termCounts) for (const term of counts.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const averageLength = documents.reduce((sum, d) => sum + d.length, 0) / Math.max(1, documents.length);
  const n = documents.length;
  return (query) =>
    termCounts.map((counts, doc) => {
      let score = 0;
      for (const [term, weight] of query) {
        const tf = counts.get(term);
        if (tf === undefined) continue;
        const df = documentFrequency.get(term)!;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += weight * idf * ((tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * documents[doc]!.length) / averageLength)));
      }
      return { doc, score };
    });
}
