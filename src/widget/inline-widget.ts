/**
 * `<sift-recs mode="inline">`: the widget inside the host page itself, in the element's shadow
 * root, with its database in the host site's origin. For same-origin deployments that want no
 * frame; the host page's scripts can read what it stores (docs/widget.md). Loaded by the element
 * only when asked for.
 */
import { mount, unmount } from 'svelte';
import { createWidgetSession } from '../app/create-widget-session';
import type { WiredSession } from '../app/wire-session';
import { WidgetController, type Emit } from './widget-controller.svelte';
import type { WidgetMode, WidgetModeSettings } from './widget-mode';
import { widgetLanguage } from './widget-text';
import { describeCatalogueFailure, type WidgetEvents } from './widget-kinds';
import WidgetView from './WidgetView.svelte';

export class InlineWidget implements WidgetMode {
  readonly #wiring: WiredSession;
  readonly #controller: WidgetController;
  readonly #view: ReturnType<typeof mount>;

  constructor(root: ShadowRoot, catalogueUrl: string, settings: WidgetModeSettings, emit: Emit) {
    this.#wiring = createWidgetSession(catalogueUrl, { kind: 'any' });
    // As in frame mode: a catalogue that cannot be loaded is also said in the console, with the fix.
    const warned: Emit = (name, detail, cancelable) => {
      const error = detail as WidgetEvents['sift-error'];
      if (name === 'sift-error' && error.reason === 'catalogue-unavailable') console.warn(describeCatalogueFailure(catalogueUrl, error.cause));
      return emit(name, detail, cancelable);
    };
    this.#controller = new WidgetController(this.#wiring.session, warned);
    this.update(settings);
    root.replaceChildren();
    this.#view = mount(WidgetView, { target: root, props: { controller: this.#controller } });
    void this.#controller.start();
  }

  update(settings: WidgetModeSettings): void {
    this.#controller.settings = { count: settings.count, layout: settings.layout, lang: widgetLanguage(settings.lang), theme: settings.theme };
    this.#controller.place(settings.placement, settings.tracking);
  }

  track(itemId: string, kind: string): Promise<void> {
    return this.#controller.track(itemId, kind);
  }

  refresh(): Promise<void> {
    return this.#controller.refresh();
  }

  stop(): void {
    void unmount(this.#view);
    void this.#wiring.dispose();
  }
}
