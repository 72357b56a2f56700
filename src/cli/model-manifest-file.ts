import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * public/models/manifest.json as `npm run models:fetch` keeps it: one list per kind of model
 * (`models`: sentence embeddings; `generation`: transformers.js text models; `webLlm`: web-llm's
 * weights and model libraries). Each fetch replaces its own entry and keeps everything else.
 */
export interface ManifestLists {
  readonly models: readonly unknown[];
  readonly generation: readonly unknown[];
  readonly webLlm: readonly unknown[];
}

export function readManifestLists(outDir: string): ManifestLists {
  const path = join(outDir, 'manifest.json');
  const raw = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
  const list = (value: unknown): unknown[] => (raw.format === 'sift-models' && Array.isArray(value) ? value : []);
  return { models: list(raw.models), generation: list(raw.generation), webLlm: list(raw.webLlm) };
}

/** Puts `entry` (with an `id`) into one list, replacing an entry of the same id. */
export function listInManifest(outDir: string, kind: keyof ManifestLists, entry: { readonly id: string }): void {
  const lists = readManifestLists(outDir);
  const others = lists[kind].filter((e) => (e as { id?: unknown }).id !== entry.id);
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify({ format: 'sift-models', ...lists, [kind]: [...others, entry] }, null, 2)}\n`);
}

/** GETs one file into the models folder; throws with the URL on any HTTP error. */
export async function downloadTo(fetchImpl: typeof fetch, url: string, target: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetchImpl(url);
  } catch (error) {
    throw new Error(`${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const body = new Uint8Array(await response.arrayBuffer());
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, body);
  return body;
}
