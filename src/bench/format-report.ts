import type { BenchReport } from './run-bench';

function table(header: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>): string {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

const ms = (value: number): string => value.toFixed(value < 10 ? 2 : 1);

/** The human-readable form of a report: markdown tables, ready for the README. */
export function formatReport(report: BenchReport): string {
  const rank = table(
    ['items × 384', 'sift int8', 'int8 scan only', 'sift int8, no SIMD', 'sift f32', 'naive', 'Orama', '× naive', '× Orama', 'recall@10 int8 / scan only / Orama', 'bandwidth bound', 'scan at % of bound'],
    Object.entries(report.rank).map(([count, r]) => [
      Number(count).toLocaleString('en'),
      `${ms(r.sift_int8_ms)} (p95 ${ms(r.sift_int8_p95_ms)})`,
      ms(r.sift_int8_scan_ms),
      ms(r.sift_int8_js_ms),
      `${ms(r.sift_f32_ms)} (p95 ${ms(r.sift_f32_p95_ms)})`,
      `${ms(r.naive_ms)} (p95 ${ms(r.naive_p95_ms)})`,
      `${ms(r.orama_ms)} (p95 ${ms(r.orama_p95_ms)})`,
      `${r.speedup_vs_naive}×`,
      `${r.speedup_vs_orama}×`,
      `${r.recall_int8.toFixed(3)} / ${r.recall_int8_scan.toFixed(3)} / ${r.recall_orama.toFixed(3)}`,
      ms(r.bandwidth_bound_ms),
      `${Math.round(r.bandwidth_efficiency * 100)}%`,
    ]),
  );
  const e = report.engine;
  const s = report.storage;
  const r = report.replay;
  const work = table(
    ['case', 'median ms', 'p95 ms', 'baseline', 'ratio'],
    [
      [`profile update after one event (${e.items.toLocaleString('en')} items)`, ms(e.profile_update_ms), ms(e.profile_update_p95_ms), '', ''],
      [`event + full re-rank with re-ranking (${e.items.toLocaleString('en')} items; the worker's reused arrays)`, ms(e.rerank_after_event_ms), ms(e.rerank_after_event_p95_ms), '', ''],
      [`ranking around one item (${e.items.toLocaleString('en')} items)`, ms(e.rank_around_ms), ms(e.rank_around_p95_ms), `plain re-rank ${ms(e.rerank_after_event_ms)} ms`, `${(e.rank_around_ms / e.rerank_after_event_ms).toFixed(2)}×`],
      [`ranking around one item, no vectors (${e.items.toLocaleString('en')} items)`, ms(e.rank_around_words_ms), ms(e.rank_around_words_p95_ms), `plain ranking, no vectors ${ms(e.rerank_words_ms)} ms`, `${(e.rank_around_words_ms / e.rerank_words_ms).toFixed(2)}×`],
      [`25 given candidates scored and explained (${e.items.toLocaleString('en')} items)`, e.score_list_25_ms.toFixed(3), e.score_list_25_p95_ms.toFixed(3), `plain re-rank ${ms(e.rerank_after_event_ms)} ms`, `${(e.score_list_25_ms / e.rerank_after_event_ms).toFixed(3)}×`],
      [`BM25 scoring of ${e.items.toLocaleString('en')} items`, ms(e.bm25_ms), '', `per-item maps ${ms(e.bm25_naive_ms)} ms`, `${e.bm25_speedup_vs_naive}×`],
      [`catalogue index build (${e.items.toLocaleString('en')} items; a restart restores it instead)`, ms(e.index_build_ms), '', '', ''],
      [
        `a profile rebuilt from ${r.events.toLocaleString('en')} events (the demo catalogue, ${r.items.toLocaleString('en')} items)`,
        ms(r.ms),
        ms(r.p95_ms),
        `every weight decayed at each event ${ms(r.decaying_every_weight_ms)} ms`,
        `${r.speedup}×`,
      ],
      [
        `IndexedDB append, ${s.events} events (fake-indexeddb)`,
        `${s.batched_events_per_s.toLocaleString('en')} events/s batched`,
        '',
        `${s.single_events_per_s.toLocaleString('en')} events/s one per transaction`,
        `${s.batched_speedup}×`,
      ],
    ],
  );
  return [
    `Top-10 by cosine against exact float64, times in ms (median, p95). sift int8 = WebAssembly SIMD int8 scan + float16 re-scoring of ${'`'}4k${'`'} candidates; the bandwidth bound is the int8 bytes at the measured copy bandwidth (${report.bandwidth.copy_gb_per_s} GB/s).`,
    rank,
    '',
    work,
    '',
    `${report.environment.node} ${report.environment.platform}, ${report.environment.runs} interleaved runs per case after warm-up.`,
  ].join('\n');
}
