import type { ChatMessage } from '../../core/generate/prompts';
import { fileProgressCallback, useModelFiles, type FileProgress, type ModelFilesOptions } from '../model-files';
import type { OnnxDtype } from './onnx-models';

type Transformers = typeof import('@huggingface/transformers');

/** Where the model runs: WebGPU or WebAssembly in a browser, onnxruntime-node's CPU in Node (tests). */
export type GenerationDevice = 'webgpu' | 'wasm' | 'cpu';

export interface Sampling {
  /** 0 means greedy decoding. */
  readonly temperature: number;
  readonly topP: number;
  readonly maxTokens: number;
}

/** One answer: its text, how many tokens it took, and how long the decoding loop ran. */
export interface GeneratedText {
  readonly text: string;
  readonly tokens: number;
  readonly elapsedMs: number;
  /** Stopped by `interrupt` before the model ended its turn. */
  readonly interrupted: boolean;
}

export interface TextGenerator {
  readonly modelId: string;
  readonly device: GenerationDevice;
  /** Writes the assistant's answer to a chat, streaming the text so far to `onText`. One at a time. */
  generate(messages: readonly ChatMessage[], sampling: Sampling, onText: (text: string) => void): Promise<GeneratedText>;
  /** Stops the running generation after the current token. */
  interrupt(): void;
  dispose(): Promise<void>;
}

export interface LoadGeneratorOptions extends ModelFilesOptions {
  readonly modelId: string;
  readonly dtype: OnnxDtype;
  readonly device: GenerationDevice;
  readonly onProgress?: (progress: FileProgress) => void;
  /** A clock for the tokens-per-second figure (performance.now in a worker). */
  readonly now?: () => number;
}

/**
 * Loads a causal language model with transformers.js (the tokenizer with its chat template and
 * the ONNX decoder with its KV cache) and runs its own generation loop: the model's chat
 * template, sampling with temperature and top-p (greedy at 0), stopping at the model's
 * end-of-turn token or `maxTokens`, text streamed as words complete (TextStreamer), and an
 * interrupt that stops between two tokens.
 */
export async function loadTextGenerator(transformers: Transformers, options: LoadGeneratorOptions): Promise<TextGenerator> {
  useModelFiles(transformers, options);
  const progress = fileProgressCallback(options.onProgress);
  const tokenizer = await transformers.AutoTokenizer.from_pretrained(options.modelId, progress);
  const model = await transformers.AutoModelForCausalLM.from_pretrained(options.modelId, { dtype: options.dtype, device: options.device, ...progress });
  const now = options.now ?? (() => performance.now());
  let stopping: InstanceType<Transformers['InterruptableStoppingCriteria']> | null = null;
  return {
    modelId: options.modelId,
    device: options.device,
    async generate(messages, sampling, onText) {
      const inputs = tokenizer.apply_chat_template(
        messages.map((m) => ({ role: m.role, content: m.content })),
        { add_generation_prompt: true, return_dict: true },
      ) as unknown as Record<string, unknown>;
      let text = '';
      let tokens = 0;
      const streamer = new transformers.TextStreamer(tokenizer, {
        skip_prompt: true,
        skip_special_tokens: true,
        callback_function: (piece: string) => {
          text += piece;
          onText(text);
        },
        token_callback_function: () => {
          tokens += 1;
        },
      });
      const criteria = new transformers.InterruptableStoppingCriteria();
      stopping = criteria;
      const started = now();
      try {
        await model.generate({
          ...inputs,
          max_new_tokens: sampling.maxTokens,
          ...(sampling.temperature > 0 ? { do_sample: true, temperature: sampling.temperature, top_p: sampling.topP } : { do_sample: false }),
          streamer,
          stopping_criteria: criteria,
        });
      } finally {
        if (stopping === criteria) stopping = null;
      }
      return { text, tokens, elapsedMs: now() - started, interrupted: criteria.interrupted };
    },
    interrupt() {
      stopping?.interrupt();
    },
    async dispose() {
      await model.dispose();
    },
  };
}
