/**
 * A long job's progress on stderr, in place, when stderr is a terminal; silent otherwise (logs, CI,
 * pipes), as publishers' tools are.
 */
export function embeddingProgress(what: string, done: number, total: number): void {
  if (!process.stderr.isTTY) return;
  process.stderr.write(`\rembedding ${what} with use-lite: ${done.toLocaleString('en')}/${total.toLocaleString('en')}${done === total ? '\n' : ''}`);
}
