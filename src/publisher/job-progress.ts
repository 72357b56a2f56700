/**
 * How far a long publisher job is, reported as it goes: the stage, work done of the work known,
 * and what it is counted in. The command line draws it (src/cli/progress.ts); a library caller
 * may ignore it. Nothing personal is in a report: counts only.
 */
export type JobUnit = 'rows' | 'trials' | 'items' | 'bytes';

export type JobProgress = (stage: string, done: number, total: number, unit: JobUnit) => void;

export const NO_PROGRESS: JobProgress = () => undefined;
