import { expose, wrap } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { AsyncRanker, RankerApi } from '../../src/engines/ranker/ranker-api';
import { RankerEngine } from '../../src/engines/ranker/ranker-engine';
import { inThisThread, SupervisedRanker, type RankerMode, type RankerWorkerHandle } from '../../src/engines/ranker/supervised-ranker';
import { FILMS } from '../core/catalogue-fixture';

const catalogueJson = JSON.stringify({ format: 'sift-catalog', version: 1, id: 'films', title: 'Films', language: 'en', items: FILMS });
const T = 1_700_000_000_000;

/**
 * A worker as the browser gives one: an engine behind a real Comlink MessageChannel. `hang()`
 * makes it stop answering (as a worker stuck in a loop, or closed, does); `crash()` also fires
 * the error event a crashed worker fires.
 */
class TestWorker implements RankerWorkerHandle {
  readonly api: AsyncRanker;
  readonly engine = new RankerEngine();
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
      return inThisThread(new RankerEngine());
    },
    storedCatalogueText: async () => catalogueJson,
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
    await ranker.setCatalogueText(catalogueJson);
    await ranker.recordEvents([{ kind: 'like', itemId: 'gravity', at: T }]);
    const direct = new RankerEngine();
    direct.setCatalogueText(catalogueJson);
    direct.recordEvents([{ kind: 'like', itemId: 'gravity', at: T }]);
    expect(await topIds(ranker)).toEqual(direct.rank({ limit: 5, now: T }).map((r) => r.itemId));
    expect(mainThreadLoads()).toBe(0);
    expect(modes).toEqual([]);
  });

  it('a hung worker: the call is answered on the main thread with the same state, then a restarted worker takes over', async () => {
    const { supervisor, ranker, workers, modes, mainThreadLoads } = supervise();
    await ranker.setCatalogueText(catalogueJson);
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
    await ranker.setCatalogueText(catalogueJson);
    workers[0]!.crash();
    const started = performance.now();
    expect(await topIds(ranker)).toHaveLength(5);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(supervisor.currentMode).toBe('main-thread');
  });

  it('restarts back off: a restart that fails waits four times longer before the next', async () => {
    const { supervisor, ranker, workers } = supervise({ backoffMs: 40, failRestarts: 1 });
    await ranker.setCatalogueText(catalogueJson);
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
    await expect(ranker.setCatalogueText('{not json')).rejects.toThrow();
    expect(supervisor.currentMode).toBe('worker');
  });
});
