/**
 * web-llm models a site hosts itself (`webLlm` in models/manifest.json, written by
 * `npm run models:fetch -- --web-llm <id>`): the weights in the hub's layout under
 * `<model>resolve/main/` and the compiled model library, both relative to the models/ folder.
 */
export interface HostedWebLlmModel {
  /** web-llm's model id (its prebuilt list's `model_id`). */
  readonly id: string;
  /** The weights' folder, relative to models/ (`mlc-ai/<id>/`). */
  readonly model: string;
  /** The model library, relative to models/ (`web-llm-libs/<file>.wasm`). */
  readonly modelLib: string;
  readonly downloadBytes: number;
}

export const WEB_LLM_LIBS_FOLDER = 'web-llm-libs';

/** The `webLlm` list of a manifest; entries are untrusted input, so a bad one is dropped. */
export function parseHostedWebLlm(raw: unknown): HostedWebLlmModel[] {
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== 'sift-models') return [];
  const list = (raw as { webLlm?: unknown }).webLlm;
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown): HostedWebLlmModel[] => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { id, model, modelLib, downloadBytes } = entry as Record<string, unknown>;
    if (typeof id !== 'string' || !/^[\w.-]+$/.test(id)) return [];
    if (!isRelativePath(model) || !isRelativePath(modelLib)) return [];
    if (typeof downloadBytes !== 'number' || !Number.isFinite(downloadBytes) || downloadBytes < 0) return [];
    return [{ id, model, modelLib, downloadBytes }];
  });
}

/** A path inside models/: no scheme, no leading slash, no way up. */
function isRelativePath(value: unknown): value is string {
  return typeof value === 'string' && /^[\w.-]+(\/[\w.-]+)*\/?$/.test(value) && !value.split('/').includes('..');
}

/** web-llm's record for a hosted model: the prebuilt entry with both URLs on this site. */
export function hostedRecord<R extends { readonly model_id: string; readonly model: string; readonly model_lib: string }>(prebuilt: R, hosted: HostedWebLlmModel, modelsBaseUrl: string): R {
  return { ...prebuilt, model: new URL(hosted.model, modelsBaseUrl).href, model_lib: new URL(hosted.modelLib, modelsBaseUrl).href };
}
