import { readFileSync } from 'node:fs';
import { parseCatalogue } from '../core/catalogue/parse-catalogue';
import type { InteractionEvent } from '../core/events/interaction-event';
import { buildCatalogueIndex, featureSourceOf } from '../core/index/catalogue-index';
import { InterestProfile } from '../core/profile/interest-profile';
import { seededRandom } from '../core/random/seeded-random';
import { interleave, type TimingSummary } from './stats';

export interface ReplayResult {
  readonly events: number;
  readonly items: number;
  /** A profile rebuilt from the history, as after an import or a forgotten item. */
  readonly replay: TimingSummary;
  /** The same with the profile's weights all decayed at every event, as before the decay was made lazy. */
  readonly replayDecayingEveryWeight: TimingSummary;
}

/**
 * Rebuilding a profile from a long history on the bundled demo catalogue (real titles and tags:
 * profiles with thousands of features, where the decay's cost shows). The baseline reads the
 * profile after each event, which settles the pending decay: every weight scaled per event,
 * what the profile did before (src/core/profile/sparse.ts).
 */
export function benchReplay(options: { readonly events: number; readonly runs: number; readonly seed: number; readonly clock: () => number }): ReplayResult {
  const parsed = parseCatalogue(JSON.parse(readFileSync('public/catalog/movielens-demo.json', 'utf8')));
  if (parsed.kind === 'invalid') throw new Error('the demo catalogue does not parse');
  const index = buildCatalogueIndex(parsed.catalogue.items);
  const features = featureSourceOf(index);
  const ids = parsed.catalogue.items.map((item) => item.id);
  const random = seededRandom(options.seed);
  const kinds = ['open', 'open', 'open', 'skip', 'like', 'save', 'dislike'] as const;
  const start = Date.UTC(2025, 0, 1);
  const history: InteractionEvent[] = Array.from({ length: options.events }, (_, i) => ({ kind: kinds[Math.floor(random() * kinds.length)]!, itemId: ids[Math.floor(random() * ids.length)]!, at: start + i * 60_000 }));
  let sink = 0;
  const timings = interleave(
    [
      {
        name: 'replay',
        run: () => {
          const profile = new InterestProfile();
          for (const event of history) profile.apply(event, features);
          sink += profile.centroids().length;
        },
      },
      {
        name: 'eager',
        run: () => {
          const profile = new InterestProfile();
          for (const event of history) {
            profile.apply(event, features);
            sink += profile.centroids().length + profile.negativeFeatures().size;
          }
        },
      },
    ],
    { warmup: 1, runs: options.runs, clock: options.clock },
  );
  if (sink < 0) console.log(sink);
  return { events: options.events, items: index.itemCount, replay: timings.get('replay')!, replayDecayingEveryWeight: timings.get('eager')! };
}
