import type { ChatMessage } from '../../core/generate/prompts';

/**
 * The part of web-llm's engine Sift uses (MLCEngineInterface: OpenAI-style streaming chat
 * completions and interrupting). The real one is a WebWorkerMLCEngine talking to the generation
 * worker; tests use a scripted one that streams the same way.
 */
export interface ChatChunk {
  readonly choices: ReadonlyArray<{ readonly delta: { readonly content?: string | null } }>;
}

export interface ChatRequest {
  readonly messages: ChatMessage[];
  readonly stream: true;
  readonly temperature: number;
  readonly top_p: number;
  readonly max_tokens: number;
  /** web-llm's JSON mode: the answer is constrained to this JSON schema (given as text). */
  readonly response_format?: { readonly type: 'json_object'; readonly schema: string };
}

export interface ChatEngine {
  readonly chat: { readonly completions: { create(request: ChatRequest): Promise<AsyncIterable<ChatChunk>> } };
  interruptGenerate(): void;
}
