/**
 * The deployment's models/manifest.json (written by `npm run models:fetch`), or undefined when
 * the site hosts no models. Parsed by each reader for its own list (embedding, generation).
 */
export async function fetchModelManifest(appBaseUrl: string): Promise<unknown> {
  try {
    const response = await fetch(new URL('models/manifest.json', appBaseUrl));
    return response.ok ? ((await response.json()) as unknown) : undefined;
  } catch {
    return undefined;
  }
}
