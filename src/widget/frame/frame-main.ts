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
import { readPictureConsent, writePictureConsent } from '../../app/picture-consent';
import { readCatalogueOrigins } from '../../app/catalogue-origins';
import { lastCardsOf } from './last-cards';
import { DataControls } from '../../app/data-controls.svelte';
import { profileFileWorker } from '../../engines/profile-file/profile-file-client';
import './frame.css';

const host = new FrameHost(window, document.documentElement.style);
const start = readFrameStart(location.hash);
const target = document.getElementById('sift-widget')!;

if (start === null) {
  host.emit('sift-error', { reason: 'catalogue-unavailable' });
} else {
  // A return visit paints the cards it showed last at once: kept in localStorage (read without
  // waiting), and their being there says the frame may store, so the storage probe is skipped.
  const lastCards = lastCardsOf(safeLocalStorage(), start.catalogueUrl);
  const storage = lastCards.any ? 'persistent' : await probeStorage();
  const db = await openWidgetDatabase(widgetDatabaseName(start.catalogueUrl), storage);
  const { session } = createWidgetSession(start.catalogueUrl, readCatalogueOrigins(document, new URL(location.href).origin), db, storage);
  const controller = new WidgetController(session, host.emit);
  controller.storage = storage;
  controller.pictures = storage === 'persistent' ? readPictureConsent(localStorage) : 'off';
  host.controller = controller;
  host.apply(start.settings);
  if (storage === 'persistent') {
    const shown = lastCards.read(controller.placementKey);
    if (shown !== null) controller.preview = { key: controller.placementKey, entries: shown };
    controller.remember = (key, entries) => lastCards.write(key, entries);
    // The same choice as the app's Settings → Pictures (this origin's storage, partitioned by site).
    controller.choosePictures = (consent) => {
      writePictureConsent(localStorage, consent);
      controller.pictures = consent;
    };
    controller.profile = new DataControls({
      db,
      session,
      clock: () => Date.now(),
      // The host holds its messages (a track() in flight) until the new document connects.
      reload: () => {
        host.restarting();
        location.reload();
      },
      storage: navigator.storage,
      indexedDB,
      caches: 'caches' in globalThis ? caches : undefined,
      localStorage,
      files: profileFileWorker(),
    });
  }
  mount(WidgetView, { target, props: { controller, headingLevel: 1 } });
  new ResizeObserver(() => host.resized(target.getBoundingClientRect().height)).observe(target);
  await controller.start();
  if (controller.status !== 'unavailable') host.ready(controller.slots, storage);
  // Meaning, as in the app: the catalogue's own vectors, and the embedding model where the reader
  // turned it on (the choice is in this origin's storage, so on the app's own site). Not where
  // storage is blocked: nothing could be kept, and a model download per page view is no help.
  if (storage === 'persistent') void createSemanticMatching(session, db, new URL(import.meta.env.BASE_URL, location.href).href, localStorage).start();
}

/** The frame's localStorage, or null where the browser blocks it (reading the property throws there). */
function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
