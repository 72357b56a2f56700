/**
 * `<sift-recs>`: Sift embedded on a content site. This file is all a host page loads at first
 * (a few kilobytes): it renders the widget in a frame of widget.html from Sift's own origin,
 * where the reader's history and profile live out of the host page's reach.
 *
 *   <script type="module" src="https://sift.example/widget/sift-widget.js"></script>
 *   <sift-recs catalog="https://sift.example/catalog.json" count="6" layout="row" lang="en" theme="auto"></sift-recs>
 *
 * Under an article, `item="ID"` recommends around it (and records the visit unless
 * `track="none"`); `candidates="ID ID …"` (or the `candidates` property, an array) orders the
 * page's own list for the reader instead.
 *
 * `mode="inline"` renders in the host page instead (docs/widget.md says what that gives up).
 */
import { FrameWidget } from './frame-widget';
import { placementOf, WIDGET_LAYOUTS, WIDGET_THEMES, type WidgetEvents, type WidgetLayout, type WidgetTheme } from './widget-kinds';
import type { WidgetMode, WidgetModeSettings } from './widget-mode';

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

function parseLang(value: string): string {
  return /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(value) ? value : 'en';
}

/** widget.html sits at the root of the Sift deployment this script came from. */
const FRAME_URL = new URL(/* @vite-ignore */ '../widget.html', import.meta.url);

export class SiftRecsElement extends HTMLElement {
  static readonly observedAttributes = ['catalog', 'count', 'layout', 'lang', 'theme', 'mode', 'item', 'candidates', 'track'];
  readonly #root: ShadowRoot = this.attachShadow({ mode: 'open' });
  #mode: Promise<WidgetMode> | null = null;
  /** Set through the property: it takes precedence over the attribute. */
  #candidates: readonly string[] | null = null;

  /** The page's own list to order (ids); null shows the feed, or what is around `item`. */
  get candidates(): readonly string[] | null {
    return this.#candidates ?? this.getAttribute('candidates')?.split(/\s+/).filter((id) => id !== '') ?? null;
  }

  set candidates(ids: readonly string[] | null) {
    if (ids !== null && (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string'))) throw new TypeError('candidates must be an array of item ids, or null');
    this.#candidates = ids === null ? null : [...ids];
    void this.#mode?.then((mode) => mode.update(this.#settings()));
  }

  /** connectedCallback has run (the element may still lack a catalogue). */
  #started = false;

  connectedCallback(): void {
    this.#started = true;
    this.#start();
  }

  disconnectedCallback(): void {
    this.#started = false;
    this.#stop();
  }

  attributeChangedCallback(name: string): void {
    // While the element is upgraded, each attribute arrives here before connectedCallback starts it once.
    if (!this.isConnected || this.#mode === null) {
      if (this.isConnected && this.#started && name === 'catalog') this.#start();
      return;
    }
    if (name === 'catalog' || name === 'mode') {
      this.#stop();
      this.#start();
    } else void this.#mode?.then((mode) => mode.update(this.#settings()));
  }

  /** Report what the reader did on the host's own pages: `track('item-7', 'open')`. */
  async track(itemId: string, kind: string): Promise<void> {
    if (this.#mode === null) throw new Error('sift-recs is not connected to a document');
    return (await this.#mode).track(itemId, kind);
  }

  /** Ranks again now. */
  async refresh(): Promise<void> {
    await (await this.#mode)?.refresh();
  }

  #settings(): WidgetModeSettings {
    return {
      count: parseCount(this.getAttribute('count')),
      layout: parseLayout(this.getAttribute('layout')),
      lang: parseLang(this.getAttribute('lang') ?? document.documentElement.lang),
      theme: parseTheme(this.getAttribute('theme')),
      placement: placementOf(this.getAttribute('item'), this.#candidates ?? this.getAttribute('candidates')),
      tracking: this.getAttribute('track') === 'none' ? 'none' : 'visit',
    };
  }

  #start(): void {
    const catalog = this.getAttribute('catalog');
    if (catalog === null || catalog.trim() === '' || this.#mode !== null) return;
    const catalogueUrl = new URL(catalog, document.baseURI).href;
    const emit = <K extends keyof WidgetEvents>(name: K, detail: WidgetEvents[K], cancelable = false): boolean =>
      this.dispatchEvent(new CustomEvent(name, { detail, cancelable, bubbles: true, composed: true }));
    this.#mode =
      this.getAttribute('mode') === 'inline'
        ? import('./inline-widget').then(({ InlineWidget }) => new InlineWidget(this.#root, catalogueUrl, this.#settings(), emit))
        : Promise.resolve(new FrameWidget(this.#root, this, FRAME_URL, catalogueUrl, this.#settings(), emit));
  }

  #stop(): void {
    void this.#mode?.then((mode) => mode.stop());
    this.#mode = null;
  }
}

if (customElements.get('sift-recs') === undefined) customElements.define('sift-recs', SiftRecsElement);

declare global {
  interface HTMLElementTagNameMap {
    'sift-recs': SiftRecsElement;
  }
}
