import type { Catalogue, CatalogueEmbeddingsRef, CatalogueItem } from '../../core/catalogue/catalogue-types';
import { chunkCount, chunkText } from '../../core/catalogue/item-chunks';
import type { InteractionEvent } from '../../core/events/interaction-event';
import { buildCatalogueIndex, buildTagIndex, featureSourceOf, withoutTermFrequencies, withRanking, withVectors, type CatalogueIndex } from '../../core/index/catalogue-index';
import type { RankingPriors } from '../../core/catalogue/ranking-priors';
import { restoreIndex, restoreVectors, snapshotIndex, type VectorsSnapshot } from '../../core/index/index-snapshot';
import { decodeVectorFile } from '../../core/vectors/vector-file';
import { topTags, type TagCount } from '../../core/index/top-tags';
import { WeightLearner } from '../../core/learn/weight-learner';
import { InterestProfile, type FeatureSource, type ItemMark } from '../../core/profile/interest-profile';
import { rankCatalogue, type RankRequest } from '../../core/rank/rank-catalogue';
import { SignalScratch } from '../../core/rank/signals';
import { orderCandidates, scoreCandidates, type CandidateRequest, type ScoredCandidates } from '../../core/rank/score-candidates';
import { searchCatalogue } from '../../core/rank/search-catalogue';
import { rankForIntent } from '../../core/rank/rank-for-intent';
import type { ConversationalIntent } from '../../core/intent/intent';
import { parseRequest, type ParseContext } from '../../core/intent/parse-request';
import { vocabularyOf } from '../../core/intent/tag-vocabulary';
import { itemsNamedIn, type RankedItem } from '../../core/rank/ranked-item';
import { priorWeights, profileOptionsFor } from '../../core/rank/priors';
import { describeProfile, type ProfileDescription } from '../../core/explain/describe-profile';
import { tagKey } from '../../core/lexical/feature-keys';
import { CatalogueDownload, interpretCatalogue, type BlockedByPolicy } from '../catalogue/fetch-catalogue';
import { catalogueIdentity } from '../../core/catalogue/catalogue-identity';
import { CatalogueItems, MissingItems } from './catalogue-items';
import type { CatalogueRecord, CatalogueStore, CatalogueStoreFactory } from './catalogue-store';
import type { AskAnswer, CatalogueDelivery, StoredCopy, CatalogueOpenResult, FeedPage, IndexCompletion, ListPage, CatalogueSaveResult, CatalogueSummary, ForgetRequest, RankerApi, RankerState, StoredRankerState, TagMatches, VectorAttachResult } from './ranker-api';

/** Likes a throwaway profile is given to warm the ranking code up (see warmRanking). */
const WARM_UP_LIKES = 6;
/** How long the page must have asked for no ranking before a warm-up step runs. */
const WARM_UP_QUIET_MS = 300;
/** How often a waiting warm-up looks again, and how many times before it gives up. */
const WARM_UP_POLL_MS = 50;
const WARM_UP_MAX_WAITS = 600;

/** Feedback that teaches the weight learner: engaged (1) or passed over / rejected (0). */
const LABELS: Partial<Record<InteractionEvent['kind'], 0 | 1>> = { open: 1, like: 1, save: 1, dislike: 0, hide: 0, skip: 0 };


/** The worker script's engine, made with its storage and the page's CSP check. */
export type RankerEngineFactory = (blockedByPolicy?: BlockedByPolicy) => RankerEngine;

/** Hosts the core's index, profile, learner and ranking; holds no policy of its own. */
export class RankerEngine implements RankerApi {
  private index: CatalogueIndex = buildCatalogueIndex([]);
  private features: FeatureSource = featureSourceOf(this.index);
  private profile = new InterestProfile();
  private learner = new WeightLearner();
  private context: { readonly index: CatalogueIndex; readonly value: ParseContext } | undefined;
  /** Stated-interest texts embedded by the current vector model. */
  private textVectors: { model: string; vectors: Map<string, Float32Array> } = { model: '', vectors: new Map() };
  private items = new CatalogueItems('', 0, { kind: 'memory', items: [] }, null);
  private store: CatalogueStore | null = null;
  /** A fetched catalogue that is ranked already and not yet stored. */
  private unsaved: { readonly record: CatalogueRecord; readonly items: CatalogueItems } | null = null;
  private readonly scratch = new SignalScratch();
  /** A download started ahead of the call that uses it (see prefetchCatalogue). */
  private prefetched: CatalogueDownload | null = null;
  /** The catalogue whose ranking code has been warmed up (see warmRanking). */
  private warmed: CatalogueItems | null = null;
  /** When the page last asked for a ranking (performance.now()). */
  private lastRankAt = 0;
  /** A fetched catalogue ranked from its tags so far: its words are indexed on first need (see complete). */
  private pendingWords: { readonly items: readonly CatalogueItem[]; readonly ranking: RankingPriors | null } | null = null;

  constructor(
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
    private readonly blockedByPolicy?: BlockedByPolicy,
    private readonly openStore?: CatalogueStoreFactory,
  ) {}

  useStorage(databaseName: string): void {
    if (this.openStore === undefined) throw new Error('this engine was made without storage');
    this.store = this.openStore(databaseName);
  }

  prefetchCatalogue(url: string): void {
    if (this.prefetched?.url === url) return;
    this.prefetched = new CatalogueDownload(url, { fetchImpl: this.fetchImpl, blockedByPolicy: this.blockedByPolicy, mode: 'parse' });
  }

  /**
   * Takes over a download its worker started before this engine was loaded (see
   * workers/ranker.worker.ts): prefetchCatalogue and fetchCatalogue of its URL then use it.
   */
  adoptDownload(download: CatalogueDownload): void {
    this.prefetched = download;
  }

  async fetchCatalogue(url: string, fetchedAt: number, known?: StoredCopy): Promise<CatalogueDelivery> {
    const download = this.prefetched?.url === url ? this.prefetched : new CatalogueDownload(url, { fetchImpl: this.fetchImpl, blockedByPolicy: this.blockedByPolicy });
    this.prefetched = null;
    // No copy to compare with: the text is parsed whatever it is, so parse it while it arrives.
    // With one, nothing is read when the response carries its ETag, and only a changed text is
    // parsed, once the hash has said so.
    if (known === undefined) download.parseAsItArrives();
    else download.keepUntilCompared(known);
    const result = interpretCatalogue(await download.body, known);
    if (result.kind === 'unchanged') {
      // Recognised by its text while its server now sends another ETag (a redeploy that changed
      // nothing): known by that one from now on, so the next start reads no body.
      if (known !== undefined && result.etag !== null && result.etag !== known.etag) await this.store?.rememberEtag(known.id, known.contentHash, result.etag).catch(() => undefined);
      return { kind: 'unchanged', url: result.url };
    }
    if (result.kind !== 'loaded') return result;
    const { catalogue } = result;
    // Known by its id and origin together: the same id from elsewhere is another catalogue.
    const identity = catalogueIdentity(catalogue.id, url, (await this.store?.storedSources().catch(() => [])) ?? []);
    // Tags first: a new user's first page needs no words, and indexing them is most of the work.
    const ranking = catalogue.ranking ?? null;
    this.useCatalogue(withRanking(buildTagIndex(catalogue.items), ranking), new CatalogueItems(identity.key, catalogue.items.length, { kind: 'memory', items: catalogue.items }, this.store));
    this.pendingWords = { items: catalogue.items, ranking };
    const record: CatalogueRecord = {
      id: identity.key,
      sourceUrl: result.url,
      fetchedAt,
      contentHash: result.contentHash,
      etag: result.etag,
      title: catalogue.title,
      itemCount: catalogue.items.length,
      embeddings: catalogue.embeddings ?? null,
      thumbnails: catalogue.thumbnails ?? null,
      ranking: catalogue.ranking ?? null,
    };
    this.unsaved = { record, items: this.items };
    return { kind: 'loaded', record, skippedCount: result.skippedCount, rankingIssues: result.rankingIssues, coverage: this.index.coverage, sharesIdWith: identity.sharesIdWith };
  }

  completeIndex(): IndexCompletion {
    if (this.pendingWords === null) return { kind: 'complete-already' };
    this.complete();
    return { kind: 'completed' };
  }

  /** Fills the item cache in the background once the page's first requests are answered. */
  private warmItems(): void {
    const items = this.items;
    setTimeout(() => {
      if (this.items === items) items.warm().catch(() => undefined);
    }, 500);
  }

  /** Indexes the words of a catalogue ranked from its tags so far; every use of words or events calls it first. */
  private complete(): void {
    const pending = this.pendingWords;
    if (pending === null) return;
    this.pendingWords = null;
    this.useIndex(withRanking(buildCatalogueIndex(pending.items), pending.ranking));
    // With storage, once the catalogue is stored (saveCatalogue): not while it is being written.
    if (this.store === null) this.warmRanking();
  }

  /**
   * Ranks for a throwaway profile that likes a few items, as the page reports likes (the cards
   * above passed over, each event with the signals it was shown with), one like and ranking per
   * task, a moment after a catalogue is ready: the user's first likes then run compiled code. In a
   * fresh worker (every reload) the first like's ranking on 100k items took 123–143 ms and later
   * ones 20–25 ms, V8 compiling the ranking's paths on first use; after this, the first took 23 ms.
   * Nothing of it is kept. It runs once the page has its first feed and has then asked for no
   * ranking for a while, and a call from the page waits for one of its rankings at most.
   */
  warmRanking(quietMs = WARM_UP_QUIET_MS): void {
    const items = this.items;
    const index = this.index;
    if (index.itemCount === 0 || this.warmed === items) return;
    this.warmed = items;
    const profile = new InterestProfile(profileOptionsFor(index));
    const learner = new WeightLearner();
    const rank = (now: number): RankedItem[] => rankCatalogue(this.index, profile, { limit: 20, now, weights: learner.current(priorWeights(this.index, profile)) }, this.scratch);
    let ranked: RankedItem[] = [];
    const since = performance.now();
    let waits = 0;
    const likeAndRank = (like: number): void => {
      // Another catalogue came meanwhile: the page's own calls warm that one.
      if (this.items !== items || like >= WARM_UP_LIKES) return;
      // Only once the page has its first feed of this catalogue, and while it is not asking for
      // rankings (starting up, or the user liking); a page that never asks is not waited on for ever.
      const quietFor = performance.now() - this.lastRankAt;
      if (this.lastRankAt <= since || quietFor < quietMs) {
        if (++waits <= WARM_UP_MAX_WAITS) setTimeout(() => likeAndRank(like), Math.max(quietMs - quietFor, WARM_UP_POLL_MS));
        return;
      }
      this.complete();
      const now = Date.now();
      if (like === 0) ranked = rank(now);
      if (ranked.length < 3) return;
      // What the page sends for a like on the third card: the two above it passed over, each with the signals it was shown with.
      const shown = (entry: RankedItem) => Object.fromEntries(entry.explanation.signals.map((s) => [s.signal, s.value]));
      const events: InteractionEvent[] = [
        { kind: 'skip', itemId: ranked[0]!.itemId, at: now, shown: shown(ranked[0]!) },
        { kind: 'skip', itemId: ranked[1]!.itemId, at: now, shown: shown(ranked[1]!) },
        { kind: 'like', itemId: ranked[2]!.itemId, at: now, shown: shown(ranked[2]!) },
      ];
      applyEvents(events, profile, learner, this.index, this.features);
      ranked = rank(now);
      setTimeout(() => likeAndRank(like + 1), 0);
    };
    setTimeout(() => likeAndRank(0), quietMs);
  }

  async saveCatalogue(): Promise<CatalogueSaveResult> {
    const pending = this.unsaved;
    const store = this.store;
    if (pending === null) return { kind: 'nothing-to-save' };
    if (store === null) return { kind: 'no-storage' };
    this.complete();
    const items = pending.items.inMemory;
    // Another catalogue was installed meanwhile: this one is not what the user sees any more.
    if (items === null || this.items !== pending.items) return { kind: 'nothing-to-save' };
    try {
      const chunks: string[] = [];
      const total = chunkCount(items.length);
      for (let chunk = 0; chunk < total; chunk += 1) {
        chunks.push(chunkText(items, chunk));
        // Let the page's calls (ranking, a like) in between: this runs right after the first feed.
        if (chunk % 64 === 63) await yieldToMessages();
      }
      // The catalogue's own index: vectors attached meanwhile are stored (and chosen) apart.
      await store.replace({ record: pending.record, chunks, index: snapshotIndex(withVectors(this.index, null, '')) });
    } catch (error) {
      return { kind: 'failed', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
    if (this.unsaved === pending) this.unsaved = null;
    pending.items.stored(store);
    this.warmItems();
    this.warmRanking();
    // Stored: the index need not carry what only its stored form needed.
    if (this.items === pending.items) this.useIndex(withoutTermFrequencies(this.index));
    return { kind: 'saved' };
  }

  async openCatalogue(record: CatalogueRecord): Promise<CatalogueOpenResult> {
    const store = this.store;
    if (store === null) return { kind: 'missing' };
    const snapshot = await store.loadIndex(record.id, record.contentHash);
    const restored = snapshot === undefined ? null : restoreIndex(snapshot);
    if (restored?.kind === 'restored' && restored.index.itemCount === record.itemCount) {
      this.useCatalogue(restored.index, new CatalogueItems(record.id, record.itemCount, { kind: 'stored' }, store));
      this.warmItems();
      this.warmRanking();
      return { kind: 'restored' };
    }
    // No usable index (an old one, or storage cleared it): build it from the stored items.
    let items: CatalogueItem[];
    try {
      items = await new CatalogueItems(record.id, record.itemCount, { kind: 'stored' }, store).all();
    } catch (error) {
      if (error instanceof MissingItems) return { kind: 'missing' };
      throw error;
    }
    const index = withRanking(buildCatalogueIndex(items), record.ranking ?? null);
    this.useCatalogue(index, new CatalogueItems(record.id, record.itemCount, { kind: 'stored' }, store));
    this.warmItems();
    this.warmRanking();
    try {
      await store.saveIndex(record.id, record.contentHash, snapshotIndex(index));
      if (this.index === index) this.useIndex(withoutTermFrequencies(index));
    } catch {
      // Only a start-up shortcut: without it the next start builds the index again.
    }
    return { kind: 'rebuilt' };
  }

  async itemsById(ids: readonly string[]): Promise<CatalogueItem[]> {
    const positions = ids.flatMap((id) => this.index.lexical.positionById.get(id) ?? []);
    return this.items.at(positions);
  }

  async catalogueTitles(): Promise<string[]> {
    return (await this.items.all()).map((item) => item.title);
  }

  allItems(): Promise<CatalogueItem[]> {
    return this.items.all();
  }

  setCatalogue(catalogue: Catalogue): CatalogueSummary {
    const index = withRanking(buildCatalogueIndex(catalogue.items), catalogue.ranking ?? null);
    this.useCatalogue(index, new CatalogueItems(catalogue.id, catalogue.items.length, { kind: 'memory', items: catalogue.items }, this.store));
    this.unsaved = null;
    return { id: catalogue.id, title: catalogue.title, itemCount: this.index.itemCount, featureCount: this.index.lexical.featureKeys.length };
  }

  private useCatalogue(index: CatalogueIndex, items: CatalogueItems): void {
    this.items = items;
    this.unsaved = null;
    this.pendingWords = null;
    this.useIndex(index);
  }

  private useIndex(index: CatalogueIndex): void {
    this.index = index;
    const texts = this.textVectors.model === index.vectorModel ? this.textVectors.vectors : new Map<string, Float32Array>();
    this.features = featureSourceOf(index, texts);
  }

  async loadVectorFile(ref: CatalogueEmbeddingsRef): Promise<VectorAttachResult> {
    this.complete();
    const index = this.index;
    let bytes: Uint8Array;
    try {
      const response = await this.fetchImpl(ref.url);
      if (!response.ok) return { kind: 'rejected', problem: { kind: 'fetch-failed', detail: `HTTP ${response.status}` } };
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      return { kind: 'rejected', problem: { kind: 'fetch-failed', detail: error instanceof Error ? error.message : String(error) } };
    }
    const decoded = decodeVectorFile(bytes, { model: ref.model, dim: ref.dim, count: index.itemCount, contentHash: index.textHash });
    if (decoded.kind === 'invalid') return { kind: 'rejected', problem: decoded.problem };
    // The catalogue may have changed while the file downloaded: then these rows are not its.
    if (this.index !== index) return { kind: 'rejected', problem: { kind: 'mismatch', field: 'contentHash', expected: this.index.textHash, found: index.textHash } };
    this.useIndex(withVectors(index, decoded.vectors, ref.model));
    return { kind: 'attached', model: ref.model, count: decoded.vectors.count };
  }

  attachVectors(model: string, vectors: VectorsSnapshot): VectorAttachResult {
    this.complete();
    if (vectors.count !== this.index.itemCount) {
      return { kind: 'rejected', problem: { kind: 'mismatch', field: 'count', expected: String(this.index.itemCount), found: String(vectors.count) } };
    }
    this.useIndex(withVectors(this.index, restoreVectors(vectors), model));
    return { kind: 'attached', model, count: vectors.count };
  }

  detachVectors(): void {
    if (this.index.vectors !== null) this.useIndex(withVectors(this.index, null, ''));
  }

  rememberTextVectors(model: string, entries: ReadonlyArray<readonly [string, Float32Array]>): void {
    if (this.textVectors.model !== model) this.textVectors = { model, vectors: new Map() };
    for (const [text, vector] of entries) this.textVectors.vectors.set(text, vector);
    this.useIndex(this.index);
  }

  vectorStatus(): { readonly model: string; readonly count: number; readonly textHash: string } | null {
    this.complete();
    const { vectors, vectorModel } = this.index;
    return vectors === null || vectorModel === null ? null : { model: vectorModel, count: vectors.count, textHash: this.index.textHash };
  }

  restore(state: StoredRankerState | null, replay: readonly InteractionEvent[]): void {
    if (state !== null || replay.length > 0) this.complete();
    const loaded = loadState(state, this.index);
    this.profile = loaded.profile;
    this.learner = loaded.learner;
    this.recordEvents(replay);
  }

  recordEvents(events: readonly InteractionEvent[]): void {
    if (events.length > 0) this.complete();
    applyEvents(events, this.profile, this.learner, this.index, this.features);
  }

  foldEvents(base: StoredRankerState | null, events: readonly InteractionEvent[]): RankerState {
    this.complete();
    const { profile, learner } = loadState(base, this.index);
    applyEvents(events, profile, learner, this.index, this.features);
    return { profile: profile.snapshot(), weights: learner.snapshot() };
  }

  forgetInState(state: StoredRankerState, forget: ForgetRequest, at: number): RankerState {
    this.complete();
    const { profile, learner } = loadState(state, this.index);
    for (const itemId of forget.itemIds) profile.forgetItem(itemId, at, this.features);
    for (const tag of forget.tags) profile.reweighTag(tagKey(tag), 0);
    return { profile: profile.snapshot(), weights: learner.snapshot() };
  }

  describeProfile(): ProfileDescription {
    this.complete();
    return describeProfile(this.index, this.profile);
  }

  tagMatches(tag: string, texts: readonly string[]): TagMatches {
    this.complete();
    const key = tagKey(tag);
    const { lexical } = this.index;
    const feature = lexical.featureIdByKey.get(key);
    const itemIds: string[] = [];
    if (feature !== undefined) {
      for (let item = 0; item < this.index.itemCount; item += 1) {
        for (let k = this.index.tagStart[item]!; k < this.index.tagStart[item + 1]!; k += 1) {
          if (this.index.tagFeatureIds[k] === feature) {
            itemIds.push(lexical.itemIds[item]!);
            break;
          }
        }
      }
    }
    return { itemIds, texts: texts.map((text) => this.features.textFeatures(text).some(([k]) => k === key)) };
  }

  state(): RankerState {
    return { profile: this.profile.snapshot(), weights: this.learner.snapshot() };
  }

  rank(request: RankRequest): RankedItem[] {
    this.lastRankAt = performance.now();
    // Only a profile with no history, and no item to rank around, can be ranked from tags alone.
    if (this.profile.size > 0 || request.context !== undefined) this.complete();
    const weights = request.weights ?? this.learner.current(priorWeights(this.index, this.profile));
    return rankCatalogue(this.index, this.profile, { ...request, weights }, this.scratch);
  }

  async feedPage(request: RankRequest): Promise<FeedPage> {
    const ranked = this.rank(request);
    const marks = this.marks();
    return { ranked, marks, items: await this.itemsById(itemsNamedIn(ranked)) };
  }

  scoreCandidates(request: CandidateRequest): ScoredCandidates {
    this.lastRankAt = performance.now();
    this.complete();
    const weights = request.weights ?? this.learner.current(priorWeights(this.index, this.profile));
    // No scratch: its arrays are the catalogue's size, kept for the feed.
    return scoreCandidates(this.index, this.profile, { ...request, weights });
  }

  async listPage(request: CandidateRequest): Promise<ListPage> {
    const { scored, unknown } = this.scoreCandidates(request);
    const ranked = orderCandidates(scored);
    return { ranked, unknown, marks: this.marks(), items: await this.itemsById(itemsNamedIn(ranked)) };
  }

  ask(request: { readonly text: string; readonly limit: number; readonly now: number; readonly intent?: ConversationalIntent }): AskAnswer {
    this.complete();
    const parsed = request.intent === undefined ? parseRequest(request.text, this.parseContext()) : { intent: request.intent, notes: [] };
    const weights = this.learner.current(priorWeights(this.index, this.profile));
    const results = rankForIntent(this.index, this.profile, parsed.intent, { limit: request.limit, now: request.now, weights });
    return { intent: parsed.intent, notes: parsed.notes, results };
  }

  /** The catalogue's tags and newest year, worked out once per index. */
  private parseContext(): ParseContext {
    if (this.context?.index !== this.index) {
      let newest = -Infinity;
      for (const at of this.index.publishedAt) if (at > newest) newest = at;
      this.context = { index: this.index, value: { vocabulary: vocabularyOf(this.index), newestYear: Number.isFinite(newest) ? new Date(newest).getUTCFullYear() : null } };
    }
    return this.context.value;
  }

  search(request: { readonly query: string; readonly limit: number; readonly now: number; readonly queryVector?: { readonly model: string; readonly vector: Float32Array } }): RankedItem[] {
    this.complete();
    return searchCatalogue(this.index, this.profile, { ...request, weights: this.learner.current(priorWeights(this.index, this.profile)) });
  }

  marks(): Array<[string, ItemMark]> {
    return [...this.profile.markedItems()];
  }

  topTags(limit: number): TagCount[] {
    return topTags(this.index, limit);
  }

  tagLabels(): string[] {
    return [...this.parseContext().vocabulary.byKey.values()];
  }
}

/** Lets messages queued for this thread run before going on. */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A stored profile keeps the half-life it was built with; a new one takes the catalogue's. */
function loadState(state: StoredRankerState | null, index: CatalogueIndex): { profile: InterestProfile; learner: WeightLearner } {
  return {
    profile: state === null ? new InterestProfile(profileOptionsFor(index)) : InterestProfile.fromSnapshot(state.profile),
    learner: new WeightLearner(undefined, state?.weights),
  };
}

function applyEvents(events: readonly InteractionEvent[], profile: InterestProfile, learner: WeightLearner, index: CatalogueIndex, features: FeatureSource): void {
  for (const event of events) {
    const label = LABELS[event.kind];
    // Only feedback on something that was on screen teaches the learner, and the event
    // carries what it was shown with, so replaying stored events re-learns the same.
    if (label !== undefined && 'shown' in event && event.shown !== undefined) {
      learner.update(event.shown, label, priorWeights(index, profile));
    }
    profile.apply(event, features);
  }
}
