import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { NO_PROGRESS, type JobProgress } from '../publisher/job-progress';

/**
 * public/models/manifest.json as `npm run models:fetch` keeps it: one list per kind of model
 * (`models`: sentence embeddings; `generation`: transformers.js text models; `webLlm`: web-llm's
 * weights and model libraries), and `files`: the SHA-256 of every file fetched, by its path under
 * the models folder, which the app checks each file against before using or caching it
 * (src/engines/model-integrity.ts). Each fetch replaces its own entry and its files' hashes, and
 * keeps everything else.
 */

export interface ManifestLists {
  readonly models: readonly unknown[];
  readonly generation: readonly unknown[];
  readonly webLlm: readonly unknown[];
  readonly files: Readonly<Record<string, string>>;
}

export function readManifestLists(outDir: string): ManifestLists {
  const path = join(outDir, 'manifest.json');
  const raw = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
  const list = (value: unknown): unknown[] => (raw.format === 'sift-models' && Array.isArray(value) ? value : []);
  const files = raw.format === 'sift-models' && typeof raw.files === 'object' && raw.files !== null && !Array.isArray(raw.files) ? (raw.files as Record<string, string>) : {};
  return { models: list(raw.models), generation: list(raw.generation), webLlm: list(raw.webLlm), files };
}

/** Puts `entry` (with an `id`) into one list, replacing an entry of the same id, and records its files' hashes. */
export function listInManifest(outDir: string, kind: Exclude<keyof ManifestLists, 'files'>, entry: { readonly id: string }, hashes: FileHashes): void {
  const lists = readManifestLists(outDir);
  const others = lists[kind].filter((e) => (e as { id?: unknown }).id !== entry.id);
  const files = Object.fromEntries(Object.entries({ ...lists.files, ...hashes.recorded }).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify({ format: 'sift-models', ...lists, [kind]: [...others, entry], files }, null, 2)}\n`);
}

/** The SHA-256 of the files one fetch downloads, by their path under the models folder. */
export class FileHashes {
  readonly recorded: Record<string, string> = {};

  constructor(private readonly outDir: string) {}

  add(target: string, body: Uint8Array): void {
    this.recorded[relative(this.outDir, target).split(sep).join('/')] = createHash('sha256').update(body).digest('hex');
  }
}

/** GETs one file into the models folder (its hash into `hashes`); throws with the URL on any HTTP error. */
export async function downloadTo(fetchImpl: typeof fetch, url: string, target: string, hashes?: FileHashes, progress: JobProgress = NO_PROGRESS): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetchImpl(url);
  } catch (error) {
    throw new Error(`${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const body = await readReporting(response, `fetching ${basename(target)}`, progress);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, body);
  hashes?.add(target, body);
  return body;
}

/** The body, read chunk by chunk so that the bytes so far can be reported (of Content-Length when the server says it). */
async function readReporting(response: Response, stage: string, progress: JobProgress): Promise<Uint8Array> {
  if (response.body === null) return new Uint8Array(await response.arrayBuffer());
  const declared = Number(response.headers.get('content-length') ?? '');
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    progress(stage, received, Number.isFinite(declared) && declared >= received ? declared : received, 'bytes');
  }
  const body = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}
