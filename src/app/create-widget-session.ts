import { SiftDatabase } from '../storage/db';
import type { CatalogueOriginPolicy } from './catalogue-origins';
import { wireBrowserSession, type WiredSession } from './wire-session';

/** The database a widget uses for one catalogue: each catalogue learns on its own. */
export function widgetDatabaseName(catalogueUrl: string): string {
  return `sift-widget:${catalogueUrl}`;
}

/**
 * A session for one `<sift-recs>` element: the same core, storage and ranking worker as the
 * app, with a database per catalogue URL (in Sift's origin in frame mode, in the embedding
 * site's in inline mode; an in-memory one where the frame may not store). `origins`: the frame
 * follows the deployment's catalogue hosts; the inline widget, whose host page chose the
 * catalogue and whose policy is the host's, any.
 */
export function createWidgetSession(
  catalogueUrl: string,
  origins: CatalogueOriginPolicy,
  db: SiftDatabase = new SiftDatabase(widgetDatabaseName(catalogueUrl)),
  storage: 'persistent' | 'memory' = 'persistent',
): WiredSession {
  return wireBrowserSession(db, { defaultUrl: catalogueUrl, requestedUrl: catalogueUrl, origins }, 'Sift widget', storage === 'memory' ? 'none' : 'worker');
}
