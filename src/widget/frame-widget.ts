import { frameFragment } from './frame/frame-settings';
import { FRAME_PROTOCOL, FRAME_PROTOCOL_VERSION, parseFrameMessage, THEME_PROPERTIES, type FrameHandshake, type HostMessage, type ThemeProperty } from './frame-protocol';
import { describeCatalogueFailure, trackProblem, type TrackKind, type WidgetEvents } from './widget-kinds';
import type { WidgetMode, WidgetModeSettings } from './widget-mode';

type Emit = <K extends keyof WidgetEvents>(name: K, detail: WidgetEvents[K], cancelable?: boolean) => boolean;

const FRAME_STYLE = ':host{display:block}iframe{display:block;width:100%;height:0;border:0;color-scheme:normal}';

/**
 * `<sift-recs>` in its default mode, on the host page: an iframe of widget.html from Sift's own
 * origin (where everything personal lives), sized to its content, spoken to over a private
 * MessageChannel. The host page gets the public API and events, and nothing else.
 */
export class FrameWidget implements WidgetMode {
  readonly #iframe: HTMLIFrameElement;
  readonly #frameOrigin: string;
  #port: MessagePort | null = null;
  #settings: WidgetModeSettings;
  readonly #outbox: HostMessage[] = [];
  /** Requests sent and not answered yet, with the message: sent again if the frame restarts before answering. */
  readonly #requests = new Map<number, { resolve: () => void; reject: (error: Error) => void; message: HostMessage }>();
  #nextId = 0;
  readonly #scheme = matchMedia('(prefers-color-scheme: dark)');

  constructor(
    root: ShadowRoot,
    private readonly element: HTMLElement,
    frameUrl: URL,
    private readonly catalogueUrl: string,
    settings: WidgetModeSettings,
    private readonly emit: Emit,
  ) {
    this.#settings = settings;
    this.#frameOrigin = frameUrl.origin;
    const style = document.createElement('style');
    style.textContent = FRAME_STYLE;
    this.#iframe = document.createElement('iframe');
    this.#iframe.title = 'Sift recommendations';
    this.#iframe.src = `${frameUrl.href}${frameFragment(catalogueUrl, settings)}`;
    this.#iframe.addEventListener('load', this.#connect);
    this.#scheme.addEventListener('change', this.#restyle);
    root.replaceChildren(style, this.#iframe);
  }

  update(settings: WidgetModeSettings): void {
    this.#settings = settings;
    this.#restyle();
  }

  track(itemId: string, kind: string): Promise<void> {
    const problem = trackProblem(itemId, kind);
    if (problem !== null) return Promise.reject(new TypeError(problem));
    return this.#request((id) => ({ type: 'track', id, itemId, kind: kind as TrackKind }));
  }

  refresh(): Promise<void> {
    return this.#request((id) => ({ type: 'refresh', id }));
  }

  stop(): void {
    this.#iframe.removeEventListener('load', this.#connect);
    this.#scheme.removeEventListener('change', this.#restyle);
    this.#iframe.remove();
    this.#port?.close();
    for (const request of this.#requests.values()) request.reject(new Error('sift-recs was disconnected'));
    this.#requests.clear();
  }

  /** The frame (re)loaded: a new channel, its port handed over to that document alone. */
  readonly #connect = (): void => {
    this.#port?.close();
    const channel = new MessageChannel();
    this.#port = channel.port1;
    channel.port1.onmessage = (event) => this.#received(event.data);
    const handshake: FrameHandshake = { protocol: FRAME_PROTOCOL, version: FRAME_PROTOCOL_VERSION, type: 'connect' };
    this.#iframe.contentWindow?.postMessage(handshake, this.#frameOrigin, [channel.port2]);
    this.#restyle();
    for (const message of this.#outbox.splice(0)) channel.port1.postMessage(message);
  };

  /** The frame is reloading itself: messages wait for its next document, and unanswered requests go to it again. */
  #restarting(): void {
    this.#port?.close();
    this.#port = null;
    for (const request of this.#requests.values()) this.#outbox.push(request.message);
  }

  /** Sends the settings with the theme's custom properties as the element computes them now. */
  readonly #restyle = (): void => {
    const computed = getComputedStyle(this.element);
    const styles: Partial<Record<ThemeProperty, string>> = {};
    for (const name of Object.keys(THEME_PROPERTIES) as ThemeProperty[]) {
      const value = computed.getPropertyValue(name).trim();
      if (value !== '') styles[name] = value;
    }
    this.#send({ type: 'settings', settings: { ...this.#settings, styles } });
  };

  #received(data: unknown): void {
    const message = parseFrameMessage(data);
    if (message === null) return;
    switch (message.type) {
      case 'ready':
        this.emit('sift-ready', { count: message.count });
        break;
      case 'error':
        if (message.reason === 'unknown-items') this.emit('sift-error', { reason: 'unknown-items', ids: message.ids });
        else {
          const { type: _type, ...error } = message;
          // Said where the host's developer looks; the event carries the same cause.
          console.warn(describeCatalogueFailure(this.catalogueUrl, error.cause));
          this.emit('sift-error', error);
        }
        break;
      case 'resize':
        this.#iframe.style.height = `${message.height}px`;
        break;
      case 'click':
        // As a link on the page would: the host may cancel and navigate itself.
        if (this.emit('sift-click', { itemId: message.itemId, url: message.url }, true) && message.url !== null) location.assign(message.url);
        break;
      case 'restart':
        this.#restarting();
        break;
      case 'done': {
        const request = this.#requests.get(message.id);
        this.#requests.delete(message.id);
        if (message.error === null) request?.resolve();
        else request?.reject(new Error(message.error));
        break;
      }
    }
  }

  #request(message: (id: number) => HostMessage): Promise<void> {
    const id = this.#nextId++;
    return new Promise<void>((resolve, reject) => {
      const sent = message(id);
      this.#requests.set(id, { resolve, reject, message: sent });
      this.#send(sent);
    });
  }

  #send(message: HostMessage): void {
    if (this.#port === null) this.#outbox.push(message);
    else this.#port.postMessage(message);
  }
}
