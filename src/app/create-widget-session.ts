import { SiftDatabase } from '../storage/db';
import { wireBrowserSession, type WiredSession } from './wire-session';

/** The database a widget uses for one catalogue: each catalogue learns on its own. */
export function widgetDatabaseName(catalogueUrl: string): string {
  return `sift-widget:${catalogueUrl}`;
}

/**
 * A session for one `<sift-recs>` element: the same core, storage and ranking worker as the
 * app, with a database per catalogue URL in the embedding site's origin.
 */
export function createWidgetSession(catalogueUrl: string): WiredSession {
  return wireBrowserSession(new SiftDatabase(widgetDatabaseName(catalogueUrl)), { defaultUrl: catalogueUrl, requestedUrl: catalogueUrl }, 'Sift widget');
}
