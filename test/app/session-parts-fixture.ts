import { CatalogueLifecycle } from '../../src/app/catalogue-lifecycle';
import { FeedRanking } from '../../src/app/feed-ranking.svelte';
import { Feedback } from '../../src/app/feedback';
import { ProfilePersistence } from '../../src/app/profile-persistence';
import { SerialQueue } from '../../src/app/serial-queue';
import { SessionVectors } from '../../src/app/session-vectors';
import { SessionView } from '../../src/app/session-view.svelte';
import { openSessionDeps, routes } from './session-fixture';

/**
 * The session's parts wired as SiftSession wires them, over a plain SessionView, so that each
 * part's test drives that part alone and reads what it wrote.
 */
export function openParts(clock: () => number = () => 1_700_000_000_000, table: Record<string, string | number | null> = routes) {
  const opened = openSessionDeps(`parts-${Math.random()}`, clock, undefined, table);
  const { deps } = opened;
  const view = new SessionView();
  const queue = new SerialQueue();
  const feed = new FeedRanking(deps, view);
  const profile = new ProfilePersistence(deps, view, queue, feed);
  const catalogues = new CatalogueLifecycle(deps, view, queue, feed, profile);
  const feedback = new Feedback(deps, view, queue, feed, profile);
  const vectors = new SessionVectors(deps, view, queue, profile);
  return { ...opened, view, queue, feed, profile, catalogues, feedback, vectors };
}
