import type { InteractionEvent, ShownSignals } from '../core/events/interaction-event';
import type { ProfileDescription } from '../core/explain/describe-profile';
import type { ConversationalIntent } from '../core/intent/intent';
import { NO_MARK } from '../core/profile/interest-profile';
import { itemsNamedIn } from '../core/rank/ranked-item';
import { skippedAbove } from '../core/rank/skips';
import type { FeedRanking } from './feed-ranking.svelte';
import type { ProfilePersistence } from './profile-persistence';
import type { SessionDeps } from './session-deps';
import type { CardAction, FeedEntry } from './session-types';
import type { SerialQueue } from './serial-queue';
import type { SessionView } from './session-view.svelte';

const SEARCH_LIMIT = 30;

/** Embeds a text with the vector model, when one is loaded (set by SemanticMatching). */
export type QueryEmbedder = (text: string) => Promise<{ readonly model: string; readonly vector: Float32Array } | null>;

/**
 * What the user does and asks: card actions, searches, conversational requests, stated
 * interests and edits to the profile. Each is an event: stored, learnt from, and followed by a
 * new ranking.
 */
export class Feedback {
  queryEmbedder: QueryEmbedder | null = null;

  constructor(
    private readonly deps: SessionDeps,
    private readonly view: SessionView,
    private readonly queue: SerialQueue,
    private readonly feed: FeedRanking,
    private readonly profile: ProfilePersistence,
  ) {}

  /**
   * An action on an item of `list`, the cards it was shown among (the feed by default; a widget's
   * own list; none for what the host page reports, or the page's own article).
   */
  act(itemId: string, action: CardAction, list: readonly FeedEntry[] = this.view.feed): Promise<void> {
    const at = this.deps.clock();
    const events: InteractionEvent[] = [];
    const shown = (id: string): { shown?: ShownSignals } => {
      const entry = list.find((e) => e.item.id === id);
      return entry === undefined ? {} : { shown: Object.fromEntries(entry.ranked.explanation.signals.map((s) => [s.signal, s.value])) };
    };
    if (action === 'open' || action === 'like' || action === 'save') {
      // Cards passed over above the one acted on were seen and not wanted (once per page load).
      const feedIds = list.map((entry) => entry.item.id);
      const index = feedIds.indexOf(itemId);
      const skipped = this.feed.skippedThisPage;
      for (const id of skippedAbove(feedIds, index, (id) => this.view.marks.get(id) ?? NO_MARK)) {
        if (skipped.has(id)) continue;
        skipped.add(id);
        events.push({ kind: 'skip', itemId: id, at, ...shown(id) });
      }
    }
    // Undoing (unlike, unsave) is not feedback on what was shown.
    const feedback = action === 'unlike' || action === 'unsave' ? {} : shown(itemId);
    events.push({ kind: action, itemId, at, ...feedback });
    return this.record(events);
  }

  /**
   * Searches the catalogue. The search is also an event: it leans the session's interests (and
   * so the feed) towards what was asked for, and it is kept in the history like any other.
   */
  searchFor(query: string): Promise<void> {
    const trimmed = query.trim();
    if (trimmed.length === 0) {
      this.view.searchResults = null;
      return Promise.resolve();
    }
    // Meaning as well as words, when the embedding model is loaded (in its own worker).
    const embedding = this.embedText(trimmed);
    return this.queue.run(async () => {
      const catalogue = this.view.catalogue;
      if (catalogue === null) return;
      const at = this.deps.clock();
      const event: InteractionEvent = { kind: 'search', query: trimmed, at };
      this.deps.events.append({ ...event, catalogueId: catalogue.id, origin: this.deps.tabId });
      await this.deps.ranker.recordEvents([event]);
      const queryVector = await embedding;
      const ranked = await this.deps.ranker.search({ query: trimmed, limit: SEARCH_LIMIT, now: at, ...(queryVector === null ? {} : { queryVector }) });
      await this.feed.refresh();
      await this.feed.ensureItems(itemsNamedIn(ranked));
      this.view.searchResults = { kind: 'search', query: trimmed, results: this.feed.entries(ranked, this.view.marks) };
      this.profile.schedulePersist();
    });
  }

  /**
   * A conversational request ("a sci-fi film with a happy ending, nothing too long"): understood
   * in the worker against this catalogue's tags, executed by the ranking, shown with what was
   * understood and what could not be applied. Stored as an event with the tags it asked for.
   */
  ask(text: string, understood?: ConversationalIntent): Promise<void> {
    const trimmed = text.trim();
    if (trimmed.length === 0) return Promise.resolve();
    return this.queue.run(async () => {
      const catalogue = this.view.catalogue;
      if (catalogue === null) return;
      const at = this.deps.clock();
      const answer = await this.deps.ranker.ask({ text: trimmed, limit: SEARCH_LIMIT, now: at, ...(understood === undefined ? {} : { intent: understood }) });
      const event: InteractionEvent = { kind: 'ask', text: trimmed, include: answer.intent.includeTags, at };
      this.deps.events.append({ ...event, catalogueId: catalogue.id, origin: this.deps.tabId });
      await this.deps.ranker.recordEvents([event]);
      await this.feed.refresh();
      await this.feed.ensureItems(itemsNamedIn(answer.results));
      this.view.searchResults = {
        kind: 'ask',
        query: trimmed,
        understoodBy: understood === undefined ? 'rules' : 'model',
        intent: answer.intent,
        notes: answer.notes,
        results: this.feed.entries(answer.results, this.view.marks),
      };
      this.profile.schedulePersist();
    });
  }

  /** Onboarding and the profile page: "I like …", as free text or a picked tag. */
  statedInterest(text: string): Promise<void> {
    const trimmed = text.trim();
    if (trimmed.length === 0) return Promise.resolve();
    const at = this.deps.clock();
    return this.embedText(trimmed).then(async (embedded) => {
      if (embedded !== null) await this.queue.run(async () => this.deps.ranker.rememberTextVectors(embedded.model, [[trimmed, embedded.vector]]));
      await this.record([{ kind: 'stated-interest', text: trimmed, at }]);
    });
  }

  /** "More", "less" or "remove" on a tag of the profile page; kept as an event so rebuilds keep it. */
  editTag(tag: string, factor: number): Promise<void> {
    return this.record([{ kind: 'tag-weight', tag, factor, at: this.deps.clock() }]);
  }

  /** Removes a learnt interest (named by its tags). */
  forgetInterest(tags: readonly string[]): Promise<void> {
    return this.record([{ kind: 'forget-interest', tags, at: this.deps.clock() }]);
  }

  finishOnboarding(): Promise<void> {
    this.view.onboarding = false;
    return this.queue.run(async () => {
      await this.deps.db.settings.put({ key: 'onboardingDismissed', value: String(this.deps.clock()) });
    });
  }

  /** The current catalogue's tags (what a language model may name in an intent). */
  tagLabels(): Promise<string[]> {
    return this.queue.run(async () => (this.view.catalogue === null ? [] : this.deps.ranker.tagLabels()));
  }

  /** The profile in readable terms, as of every event recorded so far. */
  describeProfile(): Promise<ProfileDescription | null> {
    return this.queue.run(async () => (this.view.catalogue === null ? null : this.deps.ranker.describeProfile()));
  }

  /** The text's vector from the embedding model, or null (none loaded, or it failed: words still work). */
  private async embedText(text: string): Promise<{ readonly model: string; readonly vector: Float32Array } | null> {
    try {
      return (await this.queryEmbedder?.(text)) ?? null;
    } catch {
      return null;
    }
  }

  private record(events: readonly InteractionEvent[]): Promise<void> {
    return this.queue.run(async () => {
      const catalogue = this.view.catalogue;
      if (catalogue === null) return;
      for (const event of events) this.deps.events.append({ ...event, catalogueId: catalogue.id, origin: this.deps.tabId });
      // Acting on items is answer enough: onboarding gives way (a reload would not show it either).
      if (events.some((event) => 'itemId' in event)) this.view.onboarding = false;
      await this.deps.ranker.recordEvents(events);
      await this.feed.refresh();
      this.profile.schedulePersist();
    });
  }
}
