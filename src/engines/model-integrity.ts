import { Sha256 } from './sha256';

/**
 * The SHA-256 of every file a deployment hosts under models/, as `npm run models:fetch` recorded
 * them in models/manifest.json (`files`: path under models/ → hex digest). A file that does not
 * match, or that the manifest does not list, is refused before transformers.js can use or cache
 * it: a mirror, CDN or disk that was tampered with cannot hand the reader other weights.
 */
export type ModelFileHashes = Readonly<Record<string, string>>;

export function parseManifestFiles(raw: unknown): ModelFileHashes {
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== 'sift-models') return {};
  const files = (raw as { files?: unknown }).files;
  if (typeof files !== 'object' || files === null || Array.isArray(files)) return {};
  const kept: Record<string, string> = {};
  for (const [path, digest] of Object.entries(files)) if (typeof digest === 'string' && /^[0-9a-f]{64}$/.test(digest)) kept[path] = digest;
  return kept;
}

export type ModelFileProblem = 'not-listed' | 'mismatch';

/** A self-hosted model file Sift would not use. */
export class ModelFileRefused extends Error {
  override readonly name = 'ModelFileRefused';

  constructor(
    readonly file: string,
    readonly problem: ModelFileProblem,
  ) {
    super(
      problem === 'mismatch'
        ? `models/${file} is not the file this site's models/manifest.json records (its SHA-256 differs): refused. The file was changed after \`npm run models:fetch\`; fetch the model again.`
        : `models/${file} is not listed with a SHA-256 in this site's models/manifest.json: refused. Run \`npm run models:fetch\` to record it.`,
    );
  }
}

/**
 * The response with its body checked as it streams: the bytes pass on unchanged as they are read
 * (progress keeps working, and no second copy of a large file is held), and the stream fails at
 * its end, so that nothing reads or caches a whole file, if they do not hash to `expected`.
 * Nothing is read from the network before the consumer reads.
 */
export function verifiedResponse(response: Response, expected: string, file: string): Response {
  const source = response.body;
  if (source === null) return response;
  const hash = new Sha256();
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  const checked = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        reader ??= source.getReader();
        const { done, value } = await reader.read();
        if (!done) {
          hash.update(value);
          controller.enqueue(value);
        } else if (hash.hex() === expected) controller.close();
        else controller.error(new ModelFileRefused(file, 'mismatch'));
      },
      cancel(reason) {
        return reader === null ? source.cancel(reason) : reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(checked, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * A fetch for a self-hosted models folder at `baseUrl`: reads the deployment's manifest once,
 * then answers every whole file (200) under the folder only once checked against it. Anything
 * else (an error status, a range, a URL outside the folder) passes as it is.
 */
export function verifyingFetch(baseUrl: string, baseFetch: typeof fetch): typeof fetch {
  let hashes: Promise<ModelFileHashes> | null = null;
  const manifestUrl = new URL('manifest.json', baseUrl).href;
  const readHashes = (): Promise<ModelFileHashes> =>
    (hashes ??= baseFetch(manifestUrl, { cache: 'no-cache' })
      .then((response) => (response.ok ? (response.json() as Promise<unknown>) : undefined))
      .then(parseManifestFiles)
      .catch(() => ({})));
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const response = await baseFetch(input, init);
    // A file is checked whole: an error, or a part of one (transformers.js asks for the first byte
    // to learn a file's size, and uses the answer for nothing else), passes as it is.
    const ranged = new Headers(init?.headers).has('range');
    if (response.status !== 200 || ranged || !url.startsWith(baseUrl) || url === manifestUrl) return response;
    const file = decodeURIComponent(new URL(url).pathname.slice(new URL(baseUrl).pathname.length));
    const expected = (await readHashes())[file];
    if (expected === undefined) {
      await response.body?.cancel();
      throw new ModelFileRefused(file, 'not-listed');
    }
    return verifiedResponse(response, expected, file);
  };
}
