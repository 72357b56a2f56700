import 'fake-indexeddb/auto';
import { expose, wrap } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { AsyncRanker, RankerApi } from '../../src/engines/ranker/ranker-api';
import { RankerEngine } from '../../src/engines/ranker/ranker-engine';
import { inThisThread, SupervisedRanker, type RankerMode, type RankerWorkerHandle } from '../../src/engines/ranker/supervised-ranker';
import type { Catalogue } from '../../src/core/catalogue/catalogue-types';
import { openCatalogueStore } from '../../src/storage/catalogue-repository';
import { fakeFetch } from '../app/network-fixture';
import { FILMS } from '../core/catalogue-fixture';

const catalogue: Catalogue = { format: 'sift-catalog', version: 1, id: 'films', title: 'Films', language: 'en', items: FILMS };
const T = 1_700_000_000_000;
const FILMS_URL = 'https://shop.example/films.json';
const network = fakeFetch({ [FILMS_URL]: JSON.stringify(catalogue) });
/** Engines as the worker script makes them: with the network and the app's storage. */
const newEngine = (): RankerEngine => new RankerEngine(network.fetch, undefined, openCatalogueStore);

/**
 * A worker as the browser gives one: an engine behind a real Comlink MessageChannel. `hang()`
 * makes it stop answering (as a worker stuck in a loop, or closed, does); `crash()` also fires
 * the error event a crashed worker fires.
 */
class TestWorker implements RankerWorkerHandle {
  readonly api: AsyncRanker;
  readonly engine = newEngine();
  terminated = false;
  private readonly channel = new MessageChannel();
  private readonly errorListeners: Array<() => void> = [];

  constructor() {
    expose(this.engine, this.channel.port1);
    this.api = wrap<RankerApi>(this.channel.port2);
  }

  onError(listener: () => void): void {
    this.errorListeners.push(listener);
  }

  hang(): void {
    this.channel.port1.close();
  }

  crash(): void {
    this.hang();
    for (const listener of this.errorListeners) listener();
  }

  terminate(): void {
    this.terminated = true;
    this.channel.port1.close();
    this.channel.port2.close();
  }
}

const supervisors: SupervisedRanker[] = [];
afterEach(() => {
  for (const s of supervisors.splice(0)) s.dispose();
});

function supervise(options: { backoffMs?: number; failRestarts?: number; timeoutScale?: number } = {}) {
  const workers: TestWorker[] = [];
  const modes: RankerMode[] = [];
  let mainThreadLoads = 0;
  let refuse = options.failRestarts ?? 0;
  const supervisor = new SupervisedRanker({
    startWorker: () => {
      const worker = new TestWorker();
      // A restart that fails: the new worker never answers.
      if (workers.length > 0 && refuse > 0) {
        refuse -= 1;
        worker.hang();
      }
      workers.push(worker);
      return worker;
    },
    mainThreadEngine: async () => {
      mainThreadLoads += 1;
      return inThisThread(newEngine());
    },
    onModeChange: (mode) => modes.push(mode),
    backoffMs: options.backoffMs ?? 30,
    timeoutScale: options.timeoutScale ?? 0.01, // 50 ms for rank
  });
  supervisors.push(supervisor);
  return { supervisor, ranker: supervisor.api, workers, modes, mainThreadLoads: () => mainThreadLoads };
}

const topIds = async (ranker: AsyncRanker): Promise<string[]> => (await ranker.rank({ limit: 5, now: T })).map((r) => r.itemId);

describe('SupervisedRanker', () => {
  it('passes calls through to a healthy worker and never loads the main-thread engine', async () => {
    const { ranker, mainThreadLoads, modes } = supervise();
    await ranker.setCatalogue(catalogue);
    await ranker.recordEvents([{ kind: 'like', itemId: 'gravity', at: T }]);
    const direct = new RankerEngine();
    direct.setCatalogue(catalogue);
    direct.recordEvents([{ kind: 'like', itemId: 'gravity', at: T }]);
    expect(await topIds(ranker)).toEqual(direct.rank({ limit: 5, now: T }).map((r) => r.itemId));
    expect(mainThreadLoads()).toBe(0);
    expect(modes).toEqual([]);
  });

  it('a hung worker: the call is answered on the main thread with the same state, then a restarted worker takes over', async () => {
    const { supervisor, ranker, workers, modes, mainThreadLoads } = supervise();
    await ranker.setCatalogue(catalogue);
    await ranker.restore(null, [{ kind: 'like', itemId: 'gravity', at: T }]);
    const before = await topIds(ranker);
    workers[0]!.hang();
    expect(await topIds(ranker)).toEqual(before);
    expect(supervisor.currentMode).toBe('main-thread');
    expect(workers[0]!.terminated).toBe(true);
    expect(mainThreadLoads()).toBe(1);
    // Learning goes on meanwhile, and the restarted worker is brought up to it.
    await ranker.recordEvents([{ kind: 'like', itemId: 'amelie', at: T + 1 }]);
    const during = await topIds(ranker);
    await expect.poll(() => supervisor.currentMode).toBe('worker');
    expect(modes).toEqual(['main-thread', 'worker']);
    expect(workers).toHaveLength(2);
    expect(await topIds(ranker)).toEqual(during);
    expect((await ranker.marks()).map(([id]) => id).sort()).toEqual(['amelie', 'gravity']);
  });

  it('a crashed worker (error event) fails over at once, without waiting for the time limit', async () => {
    // Time limits of seconds: only the error event can explain a quick answer.
    const { supervisor, ranker, workers } = supervise({ backoffMs: 10_000, timeoutScale: 1 });
    await ranker.setCatalogue(catalogue);
    workers[0]!.crash();
    const started = performance.now();
    expect(await topIds(ranker)).toHaveLength(5);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(supervisor.currentMode).toBe('main-thread');
  });

  it('restarts back off: a restart that fails waits four times longer before the next', async () => {
    const { supervisor, ranker, workers } = supervise({ backoffMs: 40, failRestarts: 1 });
    await ranker.setCatalogue(catalogue);
    workers[0]!.hang();
    await topIds(ranker);
    const lostAt = performance.now();
    await expect.poll(() => supervisor.currentMode, { timeout: 5000 }).toBe('worker');
    // 40 ms, a failed restart (its replay times out), then 160 ms before the one that works.
    expect(workers).toHaveLength(3);
    expect(workers[1]!.terminated).toBe(true);
    expect(performance.now() - lostAt).toBeGreaterThanOrEqual(200);
  });

  it('errors thrown by the engine itself are the caller\'s, not a reason to restart', async () => {
    const { supervisor, ranker } = supervise();
    await expect(ranker.setCatalogue({ ...catalogue, items: null } as unknown as Catalogue)).rejects.toThrow();
    expect(supervisor.currentMode).toBe('worker');
  });

  it('a stored catalogue is opened from storage by the engine that takes over; a fetched one not yet stored is fetched again', async () => {
    const stored = supervise();
    await stored.ranker.useStorage(`supervised-${Math.random()}`);
    await stored.ranker.fetchCatalogue(FILMS_URL, T);
    expect(await stored.ranker.saveCatalogue()).toEqual({ kind: 'saved' });
    await stored.ranker.restore(null, [{ kind: 'like', itemId: 'gravity', at: T }]);
    const before = await topIds(stored.ranker);
    const requests = network.requests.length;
    stored.workers[0]!.hang();
    expect(await topIds(stored.ranker)).toEqual(before);
    expect(await stored.ranker.itemsById(['gravity'])).toEqual([FILMS.find((f) => f.id === 'gravity')]);
    expect(network.requests.length).toBe(requests);

    const fetched = supervise();
    await fetched.ranker.fetchCatalogue(FILMS_URL, T);
    const fetchedBefore = await topIds(fetched.ranker);
    fetched.workers[0]!.hang();
    expect(await topIds(fetched.ranker)).toEqual(fetchedBefore);
    expect(fetched.supervisor.currentMode).toBe('main-thread');
    // The first fetch and the replay's.
    expect(network.requests.length).toBe(requests + 2);
  });
});
