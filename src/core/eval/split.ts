import type { InteractionEvent } from '../events/interaction-event';
import { movieItemId, type MovieLensRating } from '../datasets/movielens';

/**
 * The offline protocol, per user: sort ratings by time; the last 20% (at least one) of the
 * user's ratings ≥ 4 are test positives; the ratings before the first test positive are the
 * training history, replayed as events (≥ 4 like, ≤ 2 dislike, otherwise open). Ratings after
 * the first test positive that are not test positives are dropped, so nothing from the
 * future leaks into training. Popularity and neighbours come from the training parts only.
 *
 * Cold start (`coldEvents` = k): each user keeps only their first k training events, and every
 * later positive of theirs is a test positive; the global training data stays the same.
 */
export interface SplitOptions {
  readonly testShare: number;
  readonly positiveThreshold: number;
  readonly dislikeThreshold: number;
  readonly coldEvents?: number;
}

export const DEFAULT_SPLIT_OPTIONS: SplitOptions = { testShare: 0.2, positiveThreshold: 4, dislikeThreshold: 2 };

export interface UserSplit {
  readonly userId: number;
  readonly train: readonly MovieLensRating[];
  readonly events: readonly InteractionEvent[];
  readonly test: ReadonlySet<string>;
  /** Ranking time: just after the last training event. */
  readonly now: number;
}

export interface EvaluationSplit {
  readonly users: readonly UserSplit[];
  /** Everyone's training ratings (for popularity and co-occurrence). */
  readonly trainRatings: readonly MovieLensRating[];
}

export function splitRatings(ratings: readonly MovieLensRating[], options: SplitOptions = DEFAULT_SPLIT_OPTIONS): EvaluationSplit {
  const byUser = new Map<number, MovieLensRating[]>();
  for (const rating of ratings) {
    let list = byUser.get(rating.userId);
    if (list === undefined) byUser.set(rating.userId, (list = []));
    list.push(rating);
  }
  const users: UserSplit[] = [];
  const trainRatings: MovieLensRating[] = [];
  for (const userId of [...byUser.keys()].sort((a, b) => a - b)) {
    const history = byUser.get(userId)!.sort((a, b) => a.timestamp - b.timestamp || a.movieId - b.movieId);
    const positiveIndices = history.flatMap((r, i) => (r.rating >= options.positiveThreshold ? [i] : []));
    if (positiveIndices.length === 0) continue;
    const testCount = Math.max(1, Math.round(positiveIndices.length * options.testShare));
    const testIndices = positiveIndices.slice(positiveIndices.length - testCount);
    const firstTest = testIndices[0]!;
    const train = history.slice(0, firstTest);
    trainRatings.push(...train);

    let userTrain = train;
    let test = new Set(testIndices.map((i) => movieItemId(history[i]!.movieId)));
    if (options.coldEvents !== undefined) {
      userTrain = train.slice(0, options.coldEvents);
      const kept = new Set(userTrain.map((r) => r.movieId));
      test = new Set(history.filter((r) => r.rating >= options.positiveThreshold && !kept.has(r.movieId)).map((r) => movieItemId(r.movieId)));
    }
    if (userTrain.length === 0 || test.size === 0) continue;
    users.push({
      userId,
      train: userTrain,
      events: userTrain.map((r) => ratingEvent(r, options)),
      test,
      now: userTrain[userTrain.length - 1]!.timestamp * 1000 + 1000,
    });
  }
  return { users, trainRatings };
}

function ratingEvent(rating: MovieLensRating, options: SplitOptions): InteractionEvent {
  const itemId = movieItemId(rating.movieId);
  const at = rating.timestamp * 1000;
  if (rating.rating >= options.positiveThreshold) return { kind: 'like', itemId, at };
  if (rating.rating <= options.dislikeThreshold) return { kind: 'dislike', itemId, at };
  return { kind: 'open', itemId, at };
}
