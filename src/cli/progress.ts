import { SingleBar } from 'cli-progress';
import type { JobProgress, JobUnit } from '../publisher/job-progress';

/**
 * A long job's progress on stderr, one bar per stage with an ETA (cli-progress), when stderr is a
 * terminal; silent otherwise (logs, CI, pipes) and with --json, as publishers' tools are.
 */
export interface TerminalProgress {
  readonly report: JobProgress;
  /** Ends the current bar (call before printing the result). */
  stop(): void;
}

export function terminalProgress(enabled: boolean = process.stderr.isTTY === true): TerminalProgress {
  if (!enabled) return { report: () => undefined, stop: () => undefined };
  let bar: SingleBar | null = null;
  let current = '';
  const stop = (): void => {
    bar?.stop();
    bar = null;
    current = '';
  };
  return {
    report: (stage, done, total, unit) => {
      if (stage !== current || bar === null) {
        stop();
        current = stage;
        bar = new SingleBar({
          stream: process.stderr,
          format: `${stage} [{bar}] {percentage}% | {value}/{total} ${unitLabel(unit)} | ETA {eta_formatted}`,
          formatValue: (value, _options, type) => (type === 'value' || type === 'total' ? formatCount(value, unit) : String(value)),
          hideCursor: true,
          etaBuffer: 50,
        });
        bar.start(Math.max(1, total), done);
        return;
      }
      if (total > 0) bar.setTotal(total);
      bar.update(done);
    },
    stop,
  };
}

function unitLabel(unit: JobUnit): string {
  return unit === 'bytes' ? 'MB' : unit;
}

function formatCount(value: number, unit: JobUnit): string {
  return unit === 'bytes' ? (value / 1e6).toFixed(1) : Math.round(value).toLocaleString('en');
}
