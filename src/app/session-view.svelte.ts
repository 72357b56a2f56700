import type { TagCount } from '../core/index/top-tags';
import type { ItemMark } from '../core/profile/interest-profile';
import type { RankerMode } from '../engines/ranker/supervised-ranker';
import type { CatalogueInfo, FeedEntry, Notice, ResultsView, SessionState } from './session-types';

/**
 * The session's state as the views read it (reactive). SiftSession is this plus the intents the
 * views send; the session's parts (catalogue, feed, feedback, profile, vectors) write it.
 */
export class SessionView {
  state = $state<SessionState>({ kind: 'starting' });
  notice = $state<Notice | null>(null);
  catalogue = $state<CatalogueInfo | null>(null);
  feed = $state.raw<readonly FeedEntry[]>([]);
  /**
   * 'cache' while the page ranked last time is shown and the worker is still indexing;
   * 'provisional' while a new user's first page, ranked from the catalogue's tags, is shown and
   * its words are being indexed; 'ranking' once the feed is ranked with everything.
   */
  feedSource = $state<'cache' | 'provisional' | 'ranking'>('ranking');
  marks = $state.raw<ReadonlyMap<string, ItemMark>>(new Map());
  /** True for a new user until they pick interests or skip onboarding. */
  onboarding = $state(false);
  topTags = $state.raw<readonly TagCount[]>([]);
  /** The last search and its results, while they are on screen (null: the feed is). */
  searchResults = $state.raw<ResultsView | null>(null);
  /** 'main-thread' while the ranking worker is being restarted after a crash or hang. */
  rankerMode = $state<RankerMode>('worker');
}
