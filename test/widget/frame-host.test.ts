import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameHost, type FrameWindow } from '../../src/widget/frame/frame-host';
import { FRAME_PROTOCOL } from '../../src/widget/frame-protocol';
import { WidgetController } from '../../src/widget/widget-controller.svelte';
import { openSession } from '../app/session-fixture';

/** The frame's window as the host sees it: who posts (source), and with which ports. */
class FakeWindow implements FrameWindow {
  readonly parent = { name: 'the host page' };
  private listener: ((event: MessageEvent) => void) | null = null;
  addEventListener(_type: 'message', listener: (event: MessageEvent) => void): void {
    this.listener = listener;
  }
  removeEventListener(): void {
    this.listener = null;
  }
  post(data: unknown, source: unknown, ports: MessagePort[] = []): void {
    this.listener?.({ data, source, ports } as unknown as MessageEvent);
  }
}

const handshake = { protocol: FRAME_PROTOCOL, version: 1, type: 'connect' };
const opened: MessagePort[] = [];
afterEach(() => {
  for (const port of opened.splice(0)) port.close();
});

function channel(): { mine: MessagePort; theirs: MessagePort; received: unknown[] } {
  const { port1, port2 } = new MessageChannel();
  opened.push(port1, port2);
  const received: unknown[] = [];
  port1.onmessage = (event) => received.push(event.data);
  return { mine: port1, theirs: port2, received };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 30));

describe('FrameHost', () => {
  it('speaks only on the port the parent handed over first; other windows and later handshakes are ignored', async () => {
    const view = new FakeWindow();
    const styles = new Map<string, string>();
    const style = {
      setProperty(name: string, value: string | null): void {
        styles.set(name, value ?? '');
      },
      removeProperty(name: string): string {
        styles.delete(name);
        return '';
      },
    };
    const host = new FrameHost(view, style);
    host.ready(6, 'persistent');
    const forged = channel();
    view.post(handshake, { name: 'an ad frame' }, [forged.theirs]);
    const real = channel();
    view.post(handshake, view.parent, [real.theirs]);
    const late = channel();
    view.post(handshake, view.parent, [late.theirs]);
    await settle();
    // Held until the handshake, then sent on the real port only.
    expect(real.received).toEqual([{ type: 'ready', count: 6, storage: 'persistent' }]);
    expect(forged.received).toEqual([]);
    expect(late.received).toEqual([]);
    // Theme values arrive validated and land on the frame's root; junk is dropped quietly.
    real.mine.postMessage({ type: 'settings', settings: { count: 3, layout: 'list', lang: 'en', theme: 'dark', styles: { '--sift-accent': '#123456' }, placement: { kind: 'feed' }, tracking: 'visit' } });
    await settle();
    expect(styles).toEqual(new Map([['--sift-accent', '#123456']]));
    real.mine.postMessage({ type: 'settings', settings: { count: 3, layout: 'list', lang: 'en', theme: 'dark', styles: { '--sift-accent': 'url(x)' }, placement: { kind: 'feed' }, tracking: 'visit' } });
    for (let i = 0; i < 1000; i += 1) real.mine.postMessage({ type: 'track', id: i, itemId: 'x', kind: 'buy' });
    await settle();
    expect(styles).toEqual(new Map());
    expect(real.received).toHaveLength(1);
  });

  it('answers a track sent before the widget started, once it has', async () => {
    const view = new FakeWindow();
    const host = new FrameHost(view, { setProperty: () => undefined, removeProperty: () => '' });
    const real = channel();
    view.post(handshake, view.parent, [real.theirs]);
    real.mine.postMessage({ type: 'track', id: 7, itemId: 'gravity', kind: 'like' });
    await settle();
    expect(real.received).toEqual([]);
    const { session, db } = openSession(`frame-host-${Math.random()}`, () => 1_700_000_000_000);
    const controller = new WidgetController(session, host.emit);
    host.controller = controller;
    await controller.start();
    await expect.poll(() => real.received).toContainEqual({ type: 'done', id: 7, error: null });
    expect(session.marks.get('gravity')?.reaction).toBe('liked');
    // A click never navigates the frame: the host page hears it and decides.
    expect(host.emit('sift-click', { itemId: 'gravity', url: 'https://shop.example/gravity' }, true)).toBe(false);
    await settle();
    expect(real.received).toContainEqual({ type: 'click', itemId: 'gravity', url: 'https://shop.example/gravity' });
    db.close();
  });
});
