let lastTenth = -1;

/** A long job's progress on stderr: in place on a terminal, a line every tenth otherwise (logs, CI). */
export function embeddingProgress(what: string, done: number, total: number): void {
  const line = `embedding ${what} with use-lite: ${done.toLocaleString('en')}/${total.toLocaleString('en')}`;
  if (process.stderr.isTTY) {
    process.stderr.write(`\r${line}${done === total ? '\n' : ''}`);
    return;
  }
  const tenth = Math.floor((10 * done) / Math.max(1, total));
  if (tenth !== lastTenth) process.stderr.write(`${line}\n`);
  lastTenth = done === total ? -1 : tenth;
}
