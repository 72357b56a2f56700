import { mount } from 'svelte';
import { checkWritingCapability, createBrowserSession } from './app/create-session';
import App from './ui/App.svelte';
import './ui/app.css';

const { session, db, pwa, data, writer, semantic, pictures, thumbnails } = createBrowserSession(window.location);
mount(App, { target: document.getElementById('app')!, props: { session, db, pwa, data, writer, semantic, pictures, thumbnails } });
void session.start().finally(() => {
  pwa.register();
  // Near the quota, compact before a write fails.
  void data.refreshStorage();
  void checkWritingCapability(writer);
  void semantic.start();
});
