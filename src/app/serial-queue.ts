/**
 * Runs async jobs one after another. The session funnels every state change through one queue
 * so that, e.g., "flush events, then snapshot the profile" never interleaves with a new click.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
