import type { ChatChunk, ChatEngine, ChatRequest } from './chat-engine';
import type { LoadingEngine, LoadProgress } from './web-llm-loader';

/**
 * The browser's built-in language model through the Prompt API (`LanguageModel`, in Chrome):
 * no download by Sift at all, where the browser has one. The parts Sift uses, as specified.
 */
export type LanguageModelAvailability = 'unavailable' | 'downloadable' | 'downloading' | 'available';

export interface LanguageModelPrompt {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface LanguageModelCreateOptions {
  readonly initialPrompts?: readonly LanguageModelPrompt[];
  readonly temperature?: number;
  readonly topK?: number;
  readonly expectedInputs?: ReadonlyArray<{ readonly type: 'text'; readonly languages: readonly string[] }>;
  readonly signal?: AbortSignal;
  monitor?(monitor: EventTarget): void;
}

export interface LanguageModelSession {
  promptStreaming(input: string, options?: { readonly signal?: AbortSignal; readonly responseConstraint?: unknown }): AsyncIterable<string>;
  destroy(): void;
}

export interface LanguageModelApi {
  availability(options?: Pick<LanguageModelCreateOptions, 'expectedInputs'>): Promise<LanguageModelAvailability>;
  create(options?: LanguageModelCreateOptions): Promise<LanguageModelSession>;
}

/** What this browser's built-in model can do for Sift now. */
export type BuiltInModelState = { readonly kind: 'absent' } | { readonly kind: LanguageModelAvailability };

/** Sampling for the built-in model: the Prompt API takes temperature with top-K (both or neither). */
const TOP_K = 40;

/** Asks the browser whether it has a model for these languages (without starting a download). */
export async function checkBuiltInModel(api: LanguageModelApi | undefined, languages: readonly string[]): Promise<BuiltInModelState> {
  if (api === undefined) return { kind: 'absent' };
  try {
    return { kind: await api.availability({ expectedInputs: [{ type: 'text', languages }] }) };
  } catch {
    return { kind: 'unavailable' };
  }
}

/**
 * Opens the built-in model (the browser may download it first: its progress is reported) and
 * serves Sift's chat requests with it, streamed, one session per request, so that no request
 * sees another's text. `interruptGenerate` aborts the request in flight.
 */
export function loadBuiltInEngine(api: LanguageModelApi, languages: readonly string[], onProgress: (progress: LoadProgress) => void): LoadingEngine {
  const cancelled = new AbortController();
  const ready = (async () => {
    // The first create() is the one that may download the model; it stays open until disposed.
    const warm = await api.create({
      signal: cancelled.signal,
      expectedInputs: [{ type: 'text', languages }],
      monitor(monitor) {
        monitor.addEventListener('downloadprogress', (event) => {
          const loaded = (event as Event & { loaded?: number }).loaded ?? 0;
          onProgress({ progress: loaded, text: `The browser is downloading its built-in model: ${Math.round(loaded * 100)}%` });
        });
      },
    });
    if (cancelled.signal.aborted) {
      warm.destroy();
      throw new DOMException('cancelled', 'AbortError');
    }
    return { engine: builtInChatEngine(api, languages), dispose: () => warm.destroy() };
  })();
  return { ready, cancel: () => cancelled.abort() };
}

/** Sift's ChatEngine over the Prompt API. */
export function builtInChatEngine(api: LanguageModelApi, languages: readonly string[]): ChatEngine {
  let current: AbortController | null = null;
  return {
    chat: {
      completions: {
        async create(request: ChatRequest): Promise<AsyncIterable<ChatChunk>> {
          const messages = request.messages;
          const last = messages[messages.length - 1];
          if (last === undefined || last.role !== 'user') throw new Error('a chat request ends with the user message');
          const abort = new AbortController();
          current = abort;
          const session = await api.create({
            initialPrompts: messages.slice(0, -1).map((m) => ({ role: m.role, content: m.content })),
            temperature: request.temperature,
            topK: TOP_K,
            expectedInputs: [{ type: 'text', languages }],
            signal: abort.signal,
          });
          const constraint = request.response_format === undefined ? undefined : (JSON.parse(request.response_format.schema) as unknown);
          const stream = session.promptStreaming(last.content, { signal: abort.signal, ...(constraint === undefined ? {} : { responseConstraint: constraint }) });
          return (async function* chunks(): AsyncGenerator<ChatChunk> {
            try {
              for await (const delta of stream) yield { choices: [{ delta: { content: delta } }] };
            } catch (error) {
              // Interrupted: the answer simply ends there, as web-llm's does (the caller knows why).
              if (!abort.signal.aborted) throw error;
            } finally {
              session.destroy();
              if (current === abort) current = null;
            }
          })();
        },
      },
    },
    interruptGenerate(): void {
      current?.abort();
    },
  };
}
