import { startEmbeddingWorker } from '../engines/embedding/embedding-client';
import type { SiftDatabase } from '../storage/db';
import { fetchModelManifest } from './model-manifest';
import { SemanticMatching } from './semantic.svelte';
import type { SiftSession } from './session.svelte';

/**
 * Semantic matching over the browser's real pieces, for the app and the widget's frame alike:
 * the embedding worker, the deployment's own models/ folder and manifest (served next to the
 * page at `appBaseUrl`), and the reader's choice in this origin's localStorage (which the
 * browser partitions by top-level site, so the widget follows the app's choice on the app's
 * own site only).
 */
export function createSemanticMatching(session: SiftSession, db: SiftDatabase, appBaseUrl: string, storage: Pick<Storage, 'getItem' | 'setItem'> | undefined): SemanticMatching {
  return new SemanticMatching({
    session,
    db,
    startClient: startEmbeddingWorker,
    modelsBaseUrl: new URL('models/', appBaseUrl).href,
    fetchManifest: () => fetchModelManifest(appBaseUrl),
    storage,
  });
}
