import type { InteractionEvent } from '../../core/events/interaction-event';
import type { Catalogue } from '../../core/catalogue/catalogue-types';
import type { CatalogueRecord } from './catalogue-store';
import type { AsyncRanker, RankerApi, StoredRankerState } from './ranker-api';

/**
 * Keeps ranking answering when its worker crashes or hangs. Every call goes to the worker with a
 * time limit; if the worker reports an error or misses the limit it is terminated, and the same
 * engine code takes over on the main thread (loaded on demand, brought to the worker's state from
 * a journal: the catalogue, the last restored profile and the events since). The worker is
 * restarted after a back-off (growing on each failure) and takes over again once it has
 * replayed the journal.
 */

export interface RankerWorkerHandle {
  readonly api: AsyncRanker;
  /** Calls back on an error the worker cannot report through a call (it may be dead). */
  onError(listener: () => void): void;
  terminate(): void;
}

export type RankerMode = 'worker' | 'main-thread';

export interface SupervisorOptions {
  readonly startWorker: () => RankerWorkerHandle;
  /** The engine on the main thread, loaded only when first needed. */
  readonly mainThreadEngine: () => Promise<AsyncRanker>;
  readonly onModeChange?: (mode: RankerMode) => void;
  /** First restart delay; each failure in a row multiplies it by 4, up to `maxBackoffMs`. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Scales every call's time limit (tests use small ones). */
  readonly timeoutScale?: number;
}

/**
 * How long a call may take before the worker counts as hung, by method (ms). Quick calls take
 * milliseconds (ranking 100k items: ~7 ms), so seconds mean the worker is stuck; building an
 * index or fetching a catalogue can legitimately take a while on a slow device or network.
 */
const TIME_LIMITS: { readonly [K in keyof RankerApi]: number } = {
  useStorage: 5_000,
  prefetchCatalogue: 5_000,
  fetchCatalogue: 120_000,
  saveCatalogue: 120_000,
  completeIndex: 60_000,
  openCatalogue: 60_000,
  setCatalogue: 60_000,
  itemsById: 10_000,
  catalogueTitles: 60_000,
  allItems: 60_000,
  restore: 60_000,
  recordEvents: 5_000,
  state: 5_000,
  foldEvents: 60_000,
  forgetInState: 5_000,
  describeProfile: 5_000,
  tagMatches: 5_000,
  rank: 5_000,
  feedPage: 10_000,
  scoreCandidates: 5_000,
  listPage: 10_000,
  search: 5_000,
  ask: 5_000,
  marks: 5_000,
  topTags: 5_000,
  tagLabels: 5_000,
  loadVectorFile: 120_000,
  attachVectors: 30_000,
  detachVectors: 5_000,
  rememberTextVectors: 5_000,
  vectorStatus: 5_000,
};

/** The engine in this thread, called the way a worker is (every answer a promise). */
/**
 * An engine on the page's own thread from the start, loaded on its first call: for a page that
 * cannot start the worker (a widget frame without storage has an opaque origin, and Chromium
 * would not start the worker script from Sift's origin there).
 */
export function lazyInThisThread(load: () => Promise<AsyncRanker>): AsyncRanker {
  let engine: Promise<AsyncRanker> | null = null;
  const methods = Object.keys(TIME_LIMITS) as Array<keyof RankerApi>;
  return Object.fromEntries(
    methods.map((method) => [method, async (...args: unknown[]) => ((await (engine ??= load()))[method] as (...a: unknown[]) => unknown)(...args)]),
  ) as unknown as AsyncRanker;
}

export function inThisThread(engine: RankerApi): AsyncRanker {
  const methods = Object.keys(TIME_LIMITS) as Array<keyof RankerApi>;
  return Object.fromEntries(
    methods.map((method) => [method, async (...args: unknown[]) => (engine[method] as (...a: unknown[]) => unknown).apply(engine, args)]),
  ) as unknown as AsyncRanker;
}

class WorkerLost extends Error {
  constructor(readonly reason: 'crashed' | 'timed-out') {
    super(`ranking worker ${reason}`);
    this.name = 'WorkerLost';
  }
}

/** What an engine needs to be brought to the current state. */
interface Journal {
  /** The database the engine keeps its catalogue in. */
  storage: string | null;
  /** 'fetched': ranked and not yet stored, so a new engine fetches it again; 'stored': it opens it. */
  catalogue:
    | { readonly kind: 'none' }
    | { readonly kind: 'given'; readonly catalogue: Catalogue }
    | { readonly kind: 'fetched'; readonly record: CatalogueRecord; readonly complete: boolean }
    | { readonly kind: 'stored'; readonly record: CatalogueRecord };
  profile: { state: StoredRankerState | null; events: InteractionEvent[] } | null;
  /** The semantic vectors attached to the current catalogue, and the user's embedded texts. */
  vectors: { readonly kind: 'file'; readonly args: unknown[] } | { readonly kind: 'rows'; readonly args: unknown[] } | null;
  textVectors: unknown[][];
  /** Bumped on every change, so a replay can tell it was overtaken. */
  version: number;
}

interface LiveWorker {
  readonly handle: RankerWorkerHandle;
  /** Rejects when the worker reports an error. */
  readonly lost: Promise<never>;
}

export class SupervisedRanker {
  readonly api: AsyncRanker;
  private worker: LiveWorker | null;
  private fallback: Promise<AsyncRanker> | null = null;
  private mode: RankerMode = 'worker';
  private failures = 0;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly journal: Journal = { storage: null, catalogue: { kind: 'none' }, profile: null, vectors: null, textVectors: [], version: 0 };
  private disposed = false;

  constructor(private readonly options: SupervisorOptions) {
    this.worker = this.launch();
    const methods = Object.keys(TIME_LIMITS) as Array<keyof RankerApi>;
    this.api = Object.fromEntries(methods.map((method) => [method, (...args: unknown[]) => this.call(method, args)])) as unknown as AsyncRanker;
  }

  get currentMode(): RankerMode {
    return this.mode;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.restartTimer);
    this.worker?.handle.terminate();
    this.worker = null;
  }

  private launch(): LiveWorker {
    const handle = this.options.startWorker();
    const lost = new Promise<never>((_, reject) => handle.onError(() => reject(new WorkerLost('crashed'))));
    // Nobody may be waiting on it when it fires.
    lost.catch(() => undefined);
    return { handle, lost };
  }

  private async call(method: keyof RankerApi, args: unknown[]): Promise<unknown> {
    const worker = this.mode === 'worker' ? this.worker : null;
    if (worker !== null) {
      try {
        const result = await this.withinLimit(worker, method, args);
        this.record(method, args, result);
        return result;
      } catch (error) {
        if (!(error instanceof WorkerLost)) throw error;
        this.workerLost(worker);
      }
    }
    const engine = await this.mainThread();
    const result = await (engine[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    this.record(method, args, result);
    return result;
  }

  private withinLimit(worker: LiveWorker, method: keyof RankerApi, args: unknown[]): Promise<unknown> {
    const limit = TIME_LIMITS[method] * (this.options.timeoutScale ?? 1);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new WorkerLost('timed-out')), limit);
    });
    const call = (worker.handle.api[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    return Promise.race([call, worker.lost, timedOut]).finally(() => clearTimeout(timer));
  }

  /** Keeps what a fresh engine would need to reach the state this call left. */
  private record(method: keyof RankerApi, args: unknown[], result: unknown): void {
    const journal = this.journal;
    switch (method) {
      case 'useStorage':
        journal.storage = args[0] as string;
        break;
      case 'fetchCatalogue': {
        const delivery = result as Awaited<ReturnType<RankerApi['fetchCatalogue']>>;
        if (delivery.kind !== 'loaded') return;
        journal.catalogue = { kind: 'fetched', record: delivery.record, complete: delivery.coverage === 'full' };
        journal.vectors = null;
        break;
      }
      case 'completeIndex':
        if (journal.catalogue.kind !== 'fetched') return;
        journal.catalogue = { ...journal.catalogue, complete: true };
        break;
      case 'saveCatalogue':
        if ((result as Awaited<ReturnType<RankerApi['saveCatalogue']>>).kind !== 'saved' || journal.catalogue.kind !== 'fetched') return;
        journal.catalogue = { kind: 'stored', record: journal.catalogue.record };
        break;
      case 'openCatalogue':
        if ((result as Awaited<ReturnType<RankerApi['openCatalogue']>>).kind === 'missing') return;
        journal.catalogue = { kind: 'stored', record: args[0] as CatalogueRecord };
        journal.vectors = null;
        break;
      case 'setCatalogue':
        journal.catalogue = { kind: 'given', catalogue: args[0] as Catalogue };
        journal.vectors = null;
        break;
      case 'loadVectorFile':
      case 'attachVectors':
        if ((result as Awaited<ReturnType<RankerApi['attachVectors']>>).kind !== 'attached') return;
        journal.vectors = { kind: method === 'loadVectorFile' ? 'file' : 'rows', args };
        break;
      case 'detachVectors':
        journal.vectors = null;
        break;
      case 'rememberTextVectors':
        journal.textVectors.push(args);
        break;
      case 'restore':
        journal.profile = { state: args[0] as StoredRankerState | null, events: [...(args[1] as InteractionEvent[])] };
        break;
      case 'recordEvents':
        journal.profile ??= { state: null, events: [] };
        journal.profile.events.push(...(args[0] as InteractionEvent[]));
        break;
      case 'state':
        // A snapshot of everything so far: the journal need not keep the events it folds.
        journal.profile = { state: result as StoredRankerState, events: [] };
        break;
      default:
        return;
    }
    journal.version += 1;
  }

  private workerLost(worker: LiveWorker): void {
    if (this.worker !== worker) return;
    worker.handle.terminate();
    this.worker = null;
    this.setMode('main-thread');
    this.failures += 1;
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    if (this.disposed) return;
    const base = this.options.backoffMs ?? 500;
    const delay = Math.min(this.options.maxBackoffMs ?? 60_000, base * 4 ** (this.failures - 1));
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => void this.restart(), delay);
  }

  /** A new worker, brought up to date from the journal; it takes over only once it is. */
  private async restart(): Promise<void> {
    if (this.disposed) return;
    const candidate = this.launch();
    try {
      for (let attempt = 0; ; attempt += 1) {
        const version = this.journal.version;
        await this.replay((method, args) => this.withinLimit(candidate, method, args));
        if (this.journal.version === version) break;
        // Overtaken by calls on the main thread meanwhile: replay again from the top.
        if (attempt >= 3) throw new WorkerLost('timed-out');
      }
    } catch {
      candidate.handle.terminate();
      this.failures += 1;
      this.scheduleRestart();
      return;
    }
    if (this.disposed) {
      candidate.handle.terminate();
      return;
    }
    this.worker = candidate;
    this.fallback = null;
    this.failures = 0;
    this.setMode('worker');
  }

  private mainThread(): Promise<AsyncRanker> {
    this.fallback ??= (async () => {
      const engine = await this.options.mainThreadEngine();
      await this.replay((method, args) => (engine[method] as (...a: unknown[]) => Promise<unknown>)(...args));
      return engine;
    })();
    return this.fallback;
  }

  private async replay(send: (method: keyof RankerApi, args: unknown[]) => Promise<unknown>): Promise<void> {
    const { storage, catalogue, profile } = this.journal;
    if (storage !== null) await send('useStorage', [storage]);
    if (catalogue.kind === 'given') await send('setCatalogue', [catalogue.catalogue]);
    else if (catalogue.kind === 'fetched') {
      await send('fetchCatalogue', [catalogue.record.sourceUrl, catalogue.record.fetchedAt]);
      if (catalogue.complete) await send('completeIndex', []);
    }
    else if (catalogue.kind === 'stored') await send('openCatalogue', [catalogue.record]);
    const { vectors, textVectors } = this.journal;
    if (vectors !== null) await send(vectors.kind === 'file' ? 'loadVectorFile' : 'attachVectors', vectors.args);
    for (const args of textVectors) await send('rememberTextVectors', args);
    if (profile !== null) await send('restore', [profile.state, [...profile.events]]);
  }

  private setMode(mode: RankerMode): void {
    if (this.mode === mode) return;
    this.mode = mode;
    this.options.onModeChange?.(mode);
  }
}
