import type { ChatMessage } from '../../core/generate/prompts';
import { checkGenerated } from '../../core/generate/guards';
import type { ChatEngine } from './chat-engine';

export interface GenerationSettings {
  readonly temperature: number;
  readonly topP: number;
  readonly maxTokens: number;
}

export const DEFAULT_GENERATION_SETTINGS: GenerationSettings = { temperature: 0.7, topP: 0.9, maxTokens: 120 };

export type FallbackReason = 'empty' | 'unknown-title' | 'timed-out' | 'failed' | 'cancelled';

export type GenerationOutcome =
  | { readonly kind: 'generated'; readonly text: string }
  /** The model's text was not used; `text` is the template's. */
  | { readonly kind: 'fallback'; readonly reason: FallbackReason; readonly text: string };

export interface WriteJob {
  readonly messages: ChatMessage[];
  /** Titles the text may name (the candidates it was told about). */
  readonly allowedTitles: readonly string[];
  /** The template text, used when the model's is not. */
  readonly fallback: () => string;
  /** Streamed text so far (shown as it comes). */
  readonly onText?: (text: string) => void;
}

export interface RawJob {
  readonly messages: ChatMessage[];
  readonly jsonSchema: string;
}

export interface GenerationServiceOptions {
  readonly settings: () => GenerationSettings;
  /** Every title of the catalogue (asked of the ranking worker): the text may name none outside the job's allowed ones. */
  readonly catalogueTitles: () => Iterable<string> | Promise<Iterable<string>>;
  readonly timeoutMs?: number;
  /** Attempts per job before falling back (a regenerated answer may pass the checks). */
  readonly attempts?: number;
}

class Interrupted extends Error {
  constructor(readonly reason: 'timed-out' | 'cancelled') {
    super(reason);
  }
}

/**
 * Runs generation jobs on the local model one at a time (a small model on one GPU gains nothing
 * from overlap), each with a time limit; `cancelAll` drops waiting jobs and interrupts the
 * running one. Written text is checked (not empty, no title outside the job's) and regenerated
 * once before the template's text is used instead. Never throws for a job.
 */
export class GenerationService {
  private tail: Promise<unknown> = Promise.resolve();
  private epoch = 0;
  private running: { readonly interrupt: (reason: 'timed-out' | 'cancelled') => void } | null = null;

  constructor(
    private readonly engine: ChatEngine,
    private readonly options: GenerationServiceOptions,
  ) {}

  write(job: WriteJob): Promise<GenerationOutcome> {
    return this.enqueue(async (epoch) => {
      const attempts = this.options.attempts ?? 2;
      let reason: FallbackReason = 'empty';
      for (let attempt = 0; attempt < attempts; attempt += 1) {
        if (epoch !== this.epoch) return { kind: 'fallback', reason: 'cancelled', text: job.fallback() };
        let text: string;
        try {
          text = await this.stream(job.messages, undefined, job.onText);
        } catch (error) {
          const why: FallbackReason = error instanceof Interrupted ? error.reason : 'failed';
          return { kind: 'fallback', reason: why, text: job.fallback() };
        }
        const checked = checkGenerated(text, job.allowedTitles, await this.options.catalogueTitles());
        if (checked.kind === 'ok') return { kind: 'generated', text: checked.text };
        reason = checked.kind;
      }
      return { kind: 'fallback', reason, text: job.fallback() };
    });
  }

  /** A JSON answer (JSON mode with a schema), as text for the caller to validate; null if none came. */
  raw(job: RawJob): Promise<string | null> {
    return this.enqueue(async (epoch) => {
      if (epoch !== this.epoch) return null;
      try {
        return await this.stream(job.messages, job.jsonSchema);
      } catch {
        return null;
      }
    });
  }

  /** Drops every waiting job and stops the running one (their callers get the fallback). */
  cancelAll(): void {
    this.epoch += 1;
    this.running?.interrupt('cancelled');
  }

  private enqueue<T>(job: (epoch: number) => Promise<T>): Promise<T> {
    const epoch = this.epoch;
    const result = this.tail.then(() => job(epoch));
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async stream(messages: ChatMessage[], jsonSchema: string | undefined, onText?: (text: string) => void): Promise<string> {
    const settings = this.options.settings();
    let interruptedBy: 'timed-out' | 'cancelled' | null = null;
    const interrupt = (reason: 'timed-out' | 'cancelled'): void => {
      interruptedBy ??= reason;
      this.engine.interruptGenerate();
    };
    this.running = { interrupt };
    const timer = setTimeout(() => interrupt('timed-out'), this.options.timeoutMs ?? 30_000);
    try {
      const chunks = await this.engine.chat.completions.create({
        messages,
        stream: true,
        temperature: jsonSchema === undefined ? settings.temperature : 0,
        top_p: settings.topP,
        max_tokens: jsonSchema === undefined ? settings.maxTokens : 256,
        ...(jsonSchema === undefined ? {} : { response_format: { type: 'json_object', schema: jsonSchema } }),
      });
      let text = '';
      for await (const chunk of chunks) {
        if (interruptedBy !== null) break;
        text += chunk.choices[0]?.delta.content ?? '';
        onText?.(text);
      }
      if (interruptedBy !== null) throw new Interrupted(interruptedBy);
      return text;
    } finally {
      clearTimeout(timer);
      this.running = null;
    }
  }
}
