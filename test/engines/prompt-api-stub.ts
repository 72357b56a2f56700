import type { LanguageModelApi, LanguageModelAvailability, LanguageModelCreateOptions, LanguageModelSession } from '../../src/engines/generation/prompt-api';

/**
 * The Prompt API at the browser boundary, behaving as specified (no browser here has a built-in
 * model): availability states, a download reported to the monitor on first create, sessions that
 * stream their answer in pieces, abort signals honoured at once (AbortError), a quota error for
 * input over the session's budget, and destroy(). `answer` decides what the model says.
 */
export class LanguageModelStub implements LanguageModelApi {
  readonly created: LanguageModelCreateOptions[] = [];
  readonly prompts: Array<{ input: string; responseConstraint: unknown }> = [];
  destroyed = 0;

  constructor(
    private state: LanguageModelAvailability,
    private readonly answer: (input: string, options: LanguageModelCreateOptions) => string,
    private readonly inputQuota = 4000,
  ) {}

  async availability(): Promise<LanguageModelAvailability> {
    return this.state;
  }

  async create(options: LanguageModelCreateOptions = {}): Promise<LanguageModelSession> {
    if (this.state === 'unavailable') throw new DOMException('no model', 'NotSupportedError');
    options.signal?.throwIfAborted();
    if (this.state === 'downloadable' || this.state === 'downloading') {
      const monitor = new EventTarget();
      options.monitor?.(monitor);
      for (const loaded of [0, 0.5, 1]) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        options.signal?.throwIfAborted();
        const event = new Event('downloadprogress') as Event & { loaded: number };
        event.loaded = loaded;
        monitor.dispatchEvent(event);
      }
      this.state = 'available';
    }
    this.created.push(options);
    const stub = this;
    return {
      promptStreaming(input, promptOptions = {}) {
        stub.prompts.push({ input, responseConstraint: promptOptions.responseConstraint });
        const signal = promptOptions.signal;
        return (async function* pieces(): AsyncGenerator<string> {
          if (input.length > stub.inputQuota) throw new DOMException('input too large', 'QuotaExceededError');
          const text = stub.answer(input, options);
          for (let at = 0; at < text.length; at += 7) {
            await new Promise((resolve) => setTimeout(resolve, 1));
            signal?.throwIfAborted();
            yield text.slice(at, at + 7);
          }
        })();
      },
      destroy() {
        stub.destroyed += 1;
      },
    };
  }
}
