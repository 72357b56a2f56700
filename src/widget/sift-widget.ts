/**
 * `<sift-recs>`: Sift embedded on a content site.
 *
 *   <script type="module" src="https://sift.example/widget/sift-widget.js"></script>
 *   <sift-recs catalog="/catalog.json" count="6" layout="row" lang="en" theme="auto"></sift-recs>
 *
 * The element renders into its own shadow root, starts the ranking worker only when it is
 * connected, and learns from clicks on it and from `track()` calls by the host page.
 */
import { mount, unmount } from 'svelte';
import { createWidgetSession } from '../app/create-widget-session';
import type { WiredSession } from '../app/wire-session';
import { WIDGET_LAYOUTS, WIDGET_THEMES, WidgetController, type TrackKind, type WidgetEvents, type WidgetLayout, type WidgetTheme } from './widget-controller.svelte';
import { widgetLanguage } from './widget-text';
import WidgetView from './WidgetView.svelte';

const MAX_COUNT = 50;

function parseCount(value: string | null): number {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isInteger(n) && n > 0 ? Math.min(n, MAX_COUNT) : 6;
}

function parseLayout(value: string | null): WidgetLayout {
  return WIDGET_LAYOUTS.includes(value as WidgetLayout) ? (value as WidgetLayout) : 'row';
}

function parseTheme(value: string | null): WidgetTheme {
  return WIDGET_THEMES.includes(value as WidgetTheme) ? (value as WidgetTheme) : 'auto';
}

export class SiftRecsElement extends HTMLElement {
  static readonly observedAttributes = ['catalog', 'count', 'layout', 'lang', 'theme'];
  readonly #root: ShadowRoot = this.attachShadow({ mode: 'open' });
  #wiring: WiredSession | null = null;
  #controller: WidgetController | null = null;
  #view: ReturnType<typeof mount> | null = null;
  #catalogUrl: string | null = null;

  connectedCallback(): void {
    this.#start();
  }

  disconnectedCallback(): void {
    this.#stop();
  }

  attributeChangedCallback(name: string): void {
    if (!this.isConnected) return;
    if (name === 'catalog') {
      this.#stop();
      this.#start();
    } else if (this.#controller !== null) {
      this.#controller.settings = this.#settings();
    }
  }

  /** Report what the reader did on the host's own pages: `track('item-7', 'open')`. */
  track(itemId: string, kind: TrackKind): Promise<void> {
    if (this.#controller === null) return Promise.reject(new Error('sift-recs is not connected to a document'));
    return this.#controller.track(itemId, kind);
  }

  /** Ranks again now. */
  refresh(): Promise<void> {
    return this.#controller?.refresh() ?? Promise.resolve();
  }

  #settings(): WidgetController['settings'] {
    return {
      count: parseCount(this.getAttribute('count')),
      layout: parseLayout(this.getAttribute('layout')),
      lang: widgetLanguage(this.getAttribute('lang') ?? document.documentElement.lang),
      theme: parseTheme(this.getAttribute('theme')),
    };
  }

  #start(): void {
    const catalog = this.getAttribute('catalog');
    if (catalog === null || catalog.trim() === '' || this.#wiring !== null) return;
    this.#catalogUrl = new URL(catalog, document.baseURI).href;
    this.#wiring = createWidgetSession(this.#catalogUrl);
    const emit = <K extends keyof WidgetEvents>(name: K, detail: WidgetEvents[K], cancelable = false): boolean =>
      this.dispatchEvent(new CustomEvent(name, { detail, cancelable, bubbles: true, composed: true }));
    this.#controller = new WidgetController(this.#wiring.session, emit);
    this.#controller.settings = this.#settings();
    this.#view = mount(WidgetView, { target: this.#root, props: { controller: this.#controller } });
    void this.#controller.start();
  }

  #stop(): void {
    if (this.#view !== null) void unmount(this.#view);
    void this.#wiring?.dispose();
    this.#view = null;
    this.#wiring = null;
    this.#controller = null;
  }
}

if (customElements.get('sift-recs') === undefined) customElements.define('sift-recs', SiftRecsElement);

declare global {
  interface HTMLElementTagNameMap {
    'sift-recs': SiftRecsElement;
  }
}
