import { isHandshake, parseHostMessage, type FrameMessage, type FrameSettings, type FrameStorage, type ThemeProperty } from '../frame-protocol';
import type { Emit } from '../widget-controller.svelte';
import type { WidgetEvents } from '../widget-kinds';
import { WidgetController } from '../widget-controller.svelte';
import { widgetLanguage } from '../widget-text';

/** What the frame needs of its window: the parent to accept a handshake from, and where to set theme values. */
export interface FrameWindow {
  readonly parent: unknown;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/**
 * The frame's end of the protocol: accepts one handshake from the parent window (and from
 * nothing else: not a sibling frame, not a popup, not a second handshake), then speaks only on
 * the port it was handed. Host messages are parsed and dropped unless exact; requests are
 * answered; what the widget emits goes out as frame messages, held until the port arrives.
 */
export class FrameHost {
  private port: MessagePort | null = null;
  private readonly pending: FrameMessage[] = [];
  private readonly applied = new Set<string>();

  constructor(
    private readonly view: FrameWindow,
    private readonly style: Pick<CSSStyleDeclaration, 'setProperty' | 'removeProperty'>,
  ) {
    view.addEventListener('message', this.onWindowMessage);
  }

  /** The emit a WidgetController gets: clicks never navigate the frame (the host page decides). */
  readonly emit: Emit = (name, detail) => {
    if (name === 'sift-click') {
      const click = detail as { readonly itemId: string; readonly url: string | null };
      this.send({ type: 'click', itemId: click.itemId, url: click.url });
      return false;
    }
    if (name === 'sift-error') {
      const error = detail as WidgetEvents['sift-error'];
      this.send(error.reason === 'unknown-items' ? { type: 'error', reason: 'unknown-items', ids: error.ids } : { type: 'error', ...error });
    }
    return true;
  };

  #controller: WidgetController | null = null;
  #started: (controller: WidgetController) => void = () => undefined;
  /** The widget, once it runs: the host's requests wait for it (the host may track at once). */
  readonly #running = new Promise<WidgetController>((resolve) => {
    this.#started = resolve;
  });

  get controller(): WidgetController | null {
    return this.#controller;
  }

  set controller(controller: WidgetController | null) {
    this.#controller = controller;
    if (controller !== null) this.#started(controller);
  }

  ready(count: number, storage: FrameStorage): void {
    this.send({ type: 'ready', count, storage });
  }

  /** Says the frame will load itself again, so the host holds its messages for the new document. */
  restarting(): void {
    this.send({ type: 'restart' });
  }

  resized(height: number): void {
    this.send({ type: 'resize', height });
  }

  /** Applies settings: the controller's, and the theme values as custom properties on the frame's root. */
  apply(settings: FrameSettings): void {
    const controller = this.controller;
    if (controller !== null) {
      controller.settings = { count: settings.count, layout: settings.layout, lang: widgetLanguage(settings.lang), theme: settings.theme };
      controller.place(settings.placement, settings.tracking);
    }
    for (const name of this.applied) if (!(name in settings.styles)) this.style.removeProperty(name);
    this.applied.clear();
    for (const [name, value] of Object.entries(settings.styles) as Array<[ThemeProperty, string]>) {
      this.style.setProperty(name, value);
      this.applied.add(name);
    }
  }

  private readonly onWindowMessage = (event: MessageEvent): void => {
    // Only the embedding page, only once, only with a port.
    if (this.port !== null || event.source !== this.view.parent || !isHandshake(event.data) || event.ports.length !== 1) return;
    this.view.removeEventListener('message', this.onWindowMessage);
    const port = event.ports[0]!;
    this.port = port;
    port.onmessage = (message) => void this.onHostMessage(message.data);
    for (const message of this.pending.splice(0)) port.postMessage(message);
  };

  private async onHostMessage(data: unknown): Promise<void> {
    const message = parseHostMessage(data);
    if (message === null) return;
    if (message.type === 'settings') return this.apply(message.settings);
    let error: string | null = null;
    try {
      const controller = await this.#running;
      if (message.type === 'track') await controller.track(message.itemId, message.kind);
      else await controller.refresh();
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
    this.send({ type: 'done', id: message.id, error });
  }

  private send(message: FrameMessage): void {
    if (this.port === null) this.pending.push(message);
    else this.port.postMessage(message);
  }
}
