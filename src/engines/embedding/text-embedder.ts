import { fileProgressCallback, useModelFiles, type FileProgress, type ModelFilesOptions } from '../model-files';
import type { EmbeddingModel } from './embedding-models';

/** Where inference runs: WebGPU or WebAssembly in a browser, onnxruntime-node's CPU in Node (the catalogue builder). */
export type EmbeddingDevice = 'webgpu' | 'wasm' | 'cpu';

/** Turns texts into unit vectors (mean pooled, normalised), batch by batch. */
export interface TextEmbedder {
  readonly modelId: string;
  readonly device: EmbeddingDevice;
  /** Rows of `dim` floats, one per text, in order. */
  embed(texts: readonly string[]): Promise<{ readonly data: Float32Array; readonly dim: number }>;
  dispose(): Promise<void>;
}

type Transformers = typeof import('@huggingface/transformers');

export interface LoadEmbedderOptions extends ModelFilesOptions {
  readonly model: Pick<EmbeddingModel, 'id' | 'dtype'>;
  readonly device: EmbeddingDevice;
  readonly onProgress?: (progress: FileProgress) => void;
}

/** Loads a feature-extraction pipeline with transformers.js from wherever `source` says (see useModelFiles). */
export async function loadTextEmbedder(transformers: Transformers, options: LoadEmbedderOptions): Promise<TextEmbedder> {
  useModelFiles(transformers, options);
  const extractor = await transformers.pipeline('feature-extraction', options.model.id, {
    dtype: options.model.dtype,
    device: options.device,
    ...fileProgressCallback(options.onProgress),
  });
  return {
    modelId: options.model.id,
    device: options.device,
    async embed(texts) {
      if (texts.length === 0) return { data: new Float32Array(0), dim: 0 };
      const output = await extractor([...texts], { pooling: 'mean', normalize: true });
      const dim = output.dims[output.dims.length - 1]!;
      // A copy: the tensor's buffer may belong to the backend (and is reused on WebGPU).
      return { data: Float32Array.from(output.data as Float32Array), dim };
    },
    async dispose() {
      await extractor.dispose();
    },
  };
}
