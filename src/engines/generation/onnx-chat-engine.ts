import type { ChatMessage } from '../../core/generate/prompts';
import type { ChatChunk, ChatEngine, ChatRequest } from './chat-engine';
import type { GeneratedText, Sampling } from './onnx-text-generator';

/** The text-generation worker's surface that the chat engine needs (over Comlink in the browser). */
export interface TextGenerationRemote {
  generate(messages: readonly ChatMessage[], sampling: Sampling, onText: (text: string) => void): Promise<GeneratedText>;
  interrupt(): void | Promise<void>;
}

/**
 * Sift's ChatEngine over a transformers.js model: each request becomes one generation whose
 * growing text is handed out as OpenAI-style deltas, as web-llm streams them. transformers.js
 * has no constrained decoding, so JSON mode sets greedy decoding and leaves the answer to the
 * caller's validation (an answer that is not the JSON asked for falls back to the rules).
 * `onFinished` hears each answer's token count and time (for the tokens-per-second figure).
 */
export function onnxChatEngine(remote: TextGenerationRemote, onFinished: (result: GeneratedText) => void = () => undefined): ChatEngine {
  return {
    chat: {
      completions: {
        create: async (request: ChatRequest) => streamOf(remote, request, onFinished),
      },
    },
    interruptGenerate: () => void remote.interrupt(),
  };
}

function streamOf(remote: TextGenerationRemote, request: ChatRequest, onFinished: (result: GeneratedText) => void): AsyncIterable<ChatChunk> {
  const pending: string[] = [];
  let sent = 0;
  let wake: (() => void) | null = null;
  let finished = false;
  let failure: unknown = null;
  const notify = (): void => {
    wake?.();
    wake = null;
  };
  const sampling: Sampling = {
    temperature: request.response_format === undefined ? request.temperature : 0,
    topP: request.top_p,
    maxTokens: request.max_tokens,
  };
  const grow = (text: string): void => {
    // Text so far, as the streamer completes words: only what is new becomes a delta.
    if (finished || text.length <= sent) return;
    pending.push(text.slice(sent));
    sent = text.length;
    notify();
  };
  remote
    .generate(request.messages, sampling, grow)
    .then(
      (result) => {
        // Over Comlink the callbacks travel on a port of their own, so the answer can overtake its
        // last pieces: the answer's full text is the one that counts.
        grow(result.text);
        onFinished(result);
      },
      (error: unknown) => (failure = error),
    )
    .finally(() => {
      finished = true;
      notify();
    });
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const piece = pending.shift();
        if (piece !== undefined) {
          yield { choices: [{ delta: { content: piece } }] };
          continue;
        }
        if (finished) break;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      if (failure !== null) throw failure;
    },
  };
}
