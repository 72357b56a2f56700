import { mount } from 'svelte';
import { createBrowserSession } from './app/create-session';
import App from './ui/App.svelte';
import './ui/app.css';

const { session, db, pwa } = createBrowserSession(window.location);
mount(App, { target: document.getElementById('app')!, props: { session, db, pwa } });
void session.start().finally(() => pwa.register());
