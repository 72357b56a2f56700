import type { ChatChunk, ChatEngine, ChatRequest } from '../../src/engines/generation/chat-engine';

/**
 * A stand-in for web-llm's engine at its boundary (no GPU here): answers come from a script, one
 * per request, streamed a few characters per chunk with a pause between chunks, as the real
 * engine streams tokens; interruptGenerate ends the stream early, as the real one does. Records
 * the requests and whether two ever overlapped.
 */
export class ScriptedChatEngine implements ChatEngine {
  readonly requests: ChatRequest[] = [];
  overlapped = false;
  private active = 0;
  private interrupted = false;

  constructor(
    private readonly script: Array<string | Error>,
    private readonly chunkDelayMs = 2,
  ) {}

  readonly chat = {
    completions: {
      create: async (request: ChatRequest): Promise<AsyncIterable<ChatChunk>> => {
        this.requests.push(request);
        const answer = this.script.shift() ?? '';
        if (answer instanceof Error) throw answer;
        this.interrupted = false;
        if (this.active > 0) this.overlapped = true;
        this.active += 1;
        const delay = this.chunkDelayMs;
        const self = this;
        return {
          async *[Symbol.asyncIterator]() {
            try {
              for (let i = 0; i < answer.length; i += 4) {
                await new Promise((resolve) => setTimeout(resolve, delay));
                if (self.interrupted) return;
                yield { choices: [{ delta: { content: answer.slice(i, i + 4) } }] };
              }
            } finally {
              self.active -= 1;
            }
          },
        };
      },
    },
  };

  interruptGenerate(): void {
    this.interrupted = true;
  }
}
