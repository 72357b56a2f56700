import { copyBandwidth } from './bandwidth';
import { benchEngine, type EngineResult } from './engine-cases';
import type { TimingSummary } from './stats';
import { benchStorage, type StorageResult } from './storage-cases';
import { benchVectorRanking, type RankSizeResult } from './vector-ranking';
import { benchReplay } from './replay-case';

export interface BenchOptions {
  readonly sizes: readonly number[];
  readonly dim: number;
  readonly runs: number;
  readonly seed: number;
  /** Catalogue size for the engine cases (profile update, re-rank, BM25). */
  readonly engineItems: number;
  readonly storageEvents: number;
  /** Events in the profile-rebuild case (a long history replayed). */
  readonly replayEvents: number;
  readonly bandwidthBytes: number;
  readonly clock: () => number;
  readonly log: (line: string) => void;
}

export interface RankEntry {
  readonly sift_int8_ms: number;
  readonly sift_int8_p95_ms: number;
  readonly sift_int8_scan_ms: number;
  readonly sift_int8_js_ms: number;
  readonly sift_f32_ms: number;
  readonly sift_f32_p95_ms: number;
  readonly naive_ms: number;
  readonly naive_p95_ms: number;
  readonly orama_ms: number;
  readonly orama_p95_ms: number;
  readonly recall_int8: number;
  readonly recall_int8_scan: number;
  readonly recall_f32: number;
  readonly recall_naive: number;
  readonly recall_orama: number;
  readonly speedup_vs_naive: number;
  readonly speedup_vs_orama: number;
  /** The int8 scan cannot be faster than reading its bytes once at copy bandwidth. */
  readonly bandwidth_bound_ms: number;
  /** bandwidth_bound_ms / sift_int8_scan_ms: 1 would be the physical limit. */
  readonly bandwidth_efficiency: number;
  readonly orama_insert_ms: number;
}

export interface BenchReport {
  readonly rank: Readonly<Record<string, RankEntry>>;
  readonly bandwidth: { readonly copy_gb_per_s: number; readonly bytes: number };
  readonly engine: {
    readonly items: number;
    readonly index_build_ms: number;
    readonly profile_update_ms: number;
    readonly profile_update_p95_ms: number;
    readonly rerank_after_event_ms: number;
    readonly rerank_after_event_p95_ms: number;
    readonly rank_around_ms: number;
    readonly rank_around_p95_ms: number;
    readonly rerank_words_ms: number;
    readonly rank_around_words_ms: number;
    readonly rank_around_words_p95_ms: number;
    readonly score_list_25_ms: number;
    readonly score_list_25_p95_ms: number;
    readonly bm25_ms: number;
    readonly bm25_naive_ms: number;
    readonly bm25_speedup_vs_naive: number;
  };
  readonly replay: {
    readonly events: number;
    readonly items: number;
    readonly ms: number;
    readonly p95_ms: number;
    /** The same with every weight decayed at each event (before the decay was lazy). */
    readonly decaying_every_weight_ms: number;
    readonly speedup: number;
  };
  readonly storage: {
    readonly events: number;
    readonly single_events_per_s: number;
    readonly batched_events_per_s: number;
    readonly batched_speedup: number;
  };
  readonly environment: { readonly node: string; readonly platform: string; readonly dim: number; readonly runs: number };
}

const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

function rankEntry(result: RankSizeResult, bytesPerMs: number): RankEntry {
  const m = result.methods;
  // The int8 scan reads the rows and one scale per row.
  const bound = (result.count * result.dim + result.count * 4) / bytesPerMs;
  return {
    sift_int8_ms: round(m.sift_int8.timing.median),
    sift_int8_p95_ms: round(m.sift_int8.timing.p95),
    sift_int8_scan_ms: round(m.sift_int8_scan.timing.median),
    sift_int8_js_ms: round(m.sift_int8_js.timing.median),
    sift_f32_ms: round(m.sift_f32.timing.median),
    sift_f32_p95_ms: round(m.sift_f32.timing.p95),
    naive_ms: round(m.naive.timing.median),
    naive_p95_ms: round(m.naive.timing.p95),
    orama_ms: round(m.orama.timing.median),
    orama_p95_ms: round(m.orama.timing.p95),
    recall_int8: round(m.sift_int8.recall, 4),
    recall_int8_scan: round(m.sift_int8_scan.recall, 4),
    recall_f32: round(m.sift_f32.recall, 4),
    recall_naive: round(m.naive.recall, 4),
    recall_orama: round(m.orama.recall, 4),
    speedup_vs_naive: round(m.naive.timing.median / m.sift_int8.timing.median, 1),
    speedup_vs_orama: round(m.orama.timing.median / m.sift_int8.timing.median, 1),
    bandwidth_bound_ms: round(bound),
    bandwidth_efficiency: round(bound / m.sift_int8_scan.timing.median, 2),
    orama_insert_ms: round(result.oramaInsertMs, 0),
  };
}

const perSecond = (events: number, timing: TimingSummary): number => Math.round((events / timing.median) * 1000);

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  options.log(`copy bandwidth over ${Math.round(options.bandwidthBytes / 2 ** 20)} MiB…`);
  const bandwidth = copyBandwidth({ bytes: options.bandwidthBytes, runs: 7, clock: options.clock });

  const rank: Record<string, RankEntry> = {};
  for (const count of options.sizes) {
    options.log(`top-10 over ${count} × ${options.dim}…`);
    const result = await benchVectorRanking(count, {
      dim: options.dim,
      k: 10,
      queries: 50,
      warmup: 3,
      runs: count >= 100_000 ? Math.max(5, Math.round(options.runs / 2)) : options.runs,
      seed: options.seed,
      clock: options.clock,
    });
    rank[String(count)] = rankEntry(result, bandwidth.bytesPerMs);
  }

  options.log(`engine cases over ${options.engineItems} items…`);
  const engine: EngineResult = benchEngine({ count: options.engineItems, dim: options.dim, warmup: 3, runs: options.runs, seed: options.seed, clock: options.clock });
  options.log(`a profile rebuilt from ${options.replayEvents} events…`);
  const replay = benchReplay({ events: options.replayEvents, runs: Math.max(3, Math.round(options.runs / 6)), seed: options.seed, clock: options.clock });
  options.log(`IndexedDB appends of ${options.storageEvents} events…`);
  const storage: StorageResult = await benchStorage({ events: options.storageEvents, warmup: 1, runs: Math.max(3, Math.round(options.runs / 4)), clock: options.clock });

  return {
    rank,
    bandwidth: { copy_gb_per_s: round(bandwidth.bytesPerMs / 1e6, 2), bytes: options.bandwidthBytes },
    engine: {
      items: engine.count,
      index_build_ms: round(engine.indexBuild.median, 1),
      profile_update_ms: round(engine.profileUpdate.median),
      profile_update_p95_ms: round(engine.profileUpdate.p95),
      rerank_after_event_ms: round(engine.rerankAfterEvent.median),
      rerank_after_event_p95_ms: round(engine.rerankAfterEvent.p95),
      rank_around_ms: round(engine.rankAround.median),
      rank_around_p95_ms: round(engine.rankAround.p95),
      rerank_words_ms: round(engine.rerankWords.median),
      rank_around_words_ms: round(engine.rankAroundWords.median),
      rank_around_words_p95_ms: round(engine.rankAroundWords.p95),
      score_list_25_ms: round(engine.scoreList.median, 3),
      score_list_25_p95_ms: round(engine.scoreList.p95, 3),
      bm25_ms: round(engine.bm25.median),
      bm25_naive_ms: round(engine.bm25Naive.median),
      bm25_speedup_vs_naive: round(engine.bm25Naive.median / engine.bm25.median, 1),
    },
    replay: {
      events: replay.events,
      items: replay.items,
      ms: round(replay.replay.median),
      p95_ms: round(replay.replay.p95),
      decaying_every_weight_ms: round(replay.replayDecayingEveryWeight.median),
      speedup: round(replay.replayDecayingEveryWeight.median / replay.replay.median, 1),
    },
    storage: {
      events: storage.events,
      single_events_per_s: perSecond(storage.events, storage.single),
      batched_events_per_s: perSecond(storage.events, storage.batched),
      batched_speedup: round(storage.single.median / storage.batched.median, 1),
    },
    environment: { node: process.version, platform: `${process.platform}-${process.arch}`, dim: options.dim, runs: options.runs },
  };
}
