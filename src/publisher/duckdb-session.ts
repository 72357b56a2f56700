import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { JobProgress } from './job-progress';

/**
 * One embedded DuckDB for a publisher job: in memory, spilling to a private temp folder past
 * `memoryLimit`, so a log larger than RAM is aggregated out of core. Loaded lazily: only the
 * publisher commands pay for the native module.
 */
export interface DuckSettings {
  /** DuckDB's own syntax, e.g. "2GB"; the job spills to disk beyond it. */
  readonly memoryLimit: string;
  readonly threads?: number;
  /** Where spilled data goes (default: a new folder in the OS temp dir, removed on close). */
  readonly tempDir?: string;
}

export const DEFAULT_DUCK_SETTINGS: DuckSettings = { memoryLimit: '1.2GB' };

export class DuckSession {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    private readonly ownTemp: string | null,
  ) {}

  static async open(settings: DuckSettings = DEFAULT_DUCK_SETTINGS): Promise<DuckSession> {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const ownTemp = settings.tempDir === undefined ? mkdtempSync(join(tmpdir(), 'sift-duckdb-')) : null;
    const instance = await DuckDBInstance.create(':memory:', {
      memory_limit: settings.memoryLimit,
      temp_directory: settings.tempDir ?? ownTemp!,
      // Row order of results is fixed by ORDER BY where it matters; insertion order is not needed.
      preserve_insertion_order: 'false',
      ...(settings.threads === undefined ? {} : { threads: String(settings.threads) }),
    });
    const connection = await instance.connect();
    // Tracked so a long query's rows can be reported (watch()); DuckDB's own printing stays off.
    await connection.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false');
    return new DuckSession(instance, connection, ownTemp);
  }

  private watcher: { readonly stage: string; readonly report: JobProgress } | null = null;

  /** Reports the rows each query of `stage` has processed until `work` settles (DuckDB runs off the JS thread, so it is polled). */
  async watch<T>(stage: string, report: JobProgress, work: () => Promise<T>): Promise<T> {
    this.watcher = { stage, report };
    try {
      return await work();
    } finally {
      this.watcher = null;
    }
  }

  async run(sql: string): Promise<void> {
    await this.polled(() => this.connection.run(sql));
  }

  /** Rows as plain JS values (BIGINT as bigint, DOUBLE as number, VARCHAR as string). */
  async rows(sql: string): Promise<Array<Record<string, unknown>>> {
    const reader = await this.polled(() => this.connection.runAndReadAll(sql));
    return reader.getRowObjectsJS() as Array<Record<string, unknown>>;
  }

  private async polled<T>(query: () => Promise<T>): Promise<T> {
    const watcher = this.watcher;
    if (watcher === null) return query();
    const timer = setInterval(() => {
      const progress = this.connection.progress;
      const total = Number(progress.total_rows_to_process);
      if (total > 0) watcher.report(watcher.stage, Math.min(total, Number(progress.rows_processed)), total, 'rows');
    }, 250);
    try {
      return await query();
    } finally {
      clearInterval(timer);
    }
  }

  async scalar(sql: string): Promise<unknown> {
    const rows = await this.rows(sql);
    const first = rows[0];
    return first === undefined ? undefined : Object.values(first)[0];
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
    if (this.ownTemp !== null) rmSync(this.ownTemp, { recursive: true, force: true });
  }
}

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A SQL identifier (a column name from the user's files). */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
