/**
 * widget.html: the `<sift-recs>` widget as a page of Sift's own origin, framed by the loader on a
 * host site. The reader's history, profile, ranking worker and database all live here, where the
 * host page's scripts cannot reach them; the host gets only what the protocol carries.
 */
import { mount } from 'svelte';
import { createWidgetSession, widgetDatabaseName } from '../../app/create-widget-session';
import { WidgetController } from '../widget-controller.svelte';
import WidgetView from '../WidgetView.svelte';
import { FrameHost } from './frame-host';
import { readFrameStart } from './frame-settings';
import { openWidgetDatabase, probeStorage } from './frame-storage';
import { createSemanticMatching } from '../../app/create-semantic';
import { readPictureConsent } from '../../app/picture-consent';
import { readCatalogueOrigins } from '../../app/catalogue-origins';
import './frame.css';

const host = new FrameHost(window, document.documentElement.style);
const start = readFrameStart(location.hash);
const target = document.getElementById('sift-widget')!;

if (start === null) {
  host.emit('sift-error', { reason: 'catalogue-unavailable' });
} else {
  const storage = await probeStorage();
  const db = await openWidgetDatabase(widgetDatabaseName(start.catalogueUrl), storage);
  const { session } = createWidgetSession(start.catalogueUrl, readCatalogueOrigins(document, new URL(location.href).origin), db, storage);
  const controller = new WidgetController(session, host.emit);
  controller.storage = storage;
  controller.pictures = storage === 'persistent' ? readPictureConsent(localStorage) : 'off';
  host.controller = controller;
  host.apply(start.settings);
  mount(WidgetView, { target, props: { controller, headingLevel: 1 } });
  new ResizeObserver(() => host.resized(target.getBoundingClientRect().height)).observe(target);
  await controller.start();
  if (controller.status !== 'unavailable') host.ready(controller.slots, storage);
  // Meaning, as in the app: the catalogue's own vectors, and the embedding model where the reader
  // turned it on (the choice is in this origin's storage, so on the app's own site). Not where
  // storage is blocked: nothing could be kept, and a model download per page view is no help.
  if (storage === 'persistent') void createSemanticMatching(session, db, new URL(import.meta.env.BASE_URL, location.href).href, localStorage).start();
}
