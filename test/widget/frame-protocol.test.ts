import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FRAME_PROTOCOL, isHandshake, parseFrameMessage, parseHostMessage, parseSettings, themeValue } from '../../src/widget/frame-protocol';
import { frameFragment, readFrameStart } from '../../src/widget/frame/frame-settings';

const settings = {
  count: 6,
  layout: 'row',
  lang: 'en',
  theme: 'auto',
  styles: { '--sift-accent': '#a33', '--sift-font': 'Georgia, serif' },
  placement: { kind: 'feed' },
  tracking: 'visit',
} as const;

describe('the frame protocol', () => {
  it('takes exactly the messages it defines, in both directions', () => {
    expect(parseHostMessage({ type: 'track', id: 3, itemId: 'ml-1', kind: 'like' })).toEqual({ type: 'track', id: 3, itemId: 'ml-1', kind: 'like' });
    expect(parseHostMessage({ type: 'refresh', id: 0 })).toEqual({ type: 'refresh', id: 0 });
    expect(parseHostMessage({ type: 'settings', settings })).toEqual({ type: 'settings', settings });
    expect(parseFrameMessage({ type: 'ready', count: 6, storage: 'memory' })).toEqual({ type: 'ready', count: 6, storage: 'memory' });
    expect(parseFrameMessage({ type: 'restart', extra: 'ignored' })).toEqual({ type: 'restart' });
    // Why a catalogue is unavailable travels to the host; a malformed cause is dropped, not the error.
    expect(parseFrameMessage({ type: 'error', reason: 'catalogue-unavailable', cause: { kind: 'http', status: 404 } })).toEqual({ type: 'error', reason: 'catalogue-unavailable', cause: { kind: 'http', status: 404 } });
    expect(parseFrameMessage({ type: 'error', reason: 'catalogue-unavailable', cause: { kind: 'not-allowed', status: null } })).toEqual({ type: 'error', reason: 'catalogue-unavailable', cause: { kind: 'not-allowed', status: null } });
    expect(parseFrameMessage({ type: 'error', reason: 'catalogue-unavailable', cause: { kind: 'profile', status: 'x' } })).toEqual({ type: 'error', reason: 'catalogue-unavailable' });
    expect(parseFrameMessage({ type: 'click', itemId: 'a', url: 'https://x.example/a' })).toEqual({ type: 'click', itemId: 'a', url: 'https://x.example/a' });
    expect(parseFrameMessage({ type: 'resize', height: 120.2 })).toEqual({ type: 'resize', height: 121 });
    expect(parseFrameMessage({ type: 'done', id: 1, error: null })).toEqual({ type: 'done', id: 1, error: null });
    expect(parseFrameMessage({ type: 'error', reason: 'unknown-items', ids: ['x', 'y'] })).toEqual({ type: 'error', reason: 'unknown-items', ids: ['x', 'y'] });
    const around = { ...settings, placement: { kind: 'around', itemId: 'N1' }, tracking: 'none' } as const;
    expect(parseHostMessage({ type: 'settings', settings: around })).toEqual({ type: 'settings', settings: around });
    const list = { ...settings, placement: { kind: 'list', ids: ['a', 'b'] } } as const;
    expect(parseHostMessage({ type: 'settings', settings: list })).toEqual({ type: 'settings', settings: list });
    for (const junk of [
      { type: 'track', id: 1, itemId: 'a', kind: 'buy' },
      { type: 'track', id: -1, itemId: 'a', kind: 'like' },
      { type: 'track', id: 1, itemId: '', kind: 'like' },
      { type: 'settings', settings: { ...settings, count: 0 } },
      { type: 'settings', settings: { ...settings, lang: 'en"><script>' } },
      { type: 'settings', settings: { ...settings, styles: { color: 'red' } } },
      { type: 'settings', settings: { ...settings, placement: { kind: 'around', itemId: '' } } },
      { type: 'settings', settings: { ...settings, placement: { kind: 'list', ids: [] } } },
      { type: 'settings', settings: { ...settings, placement: { kind: 'list', ids: Array.from({ length: 201 }, (_, i) => `n${i}`) } } },
      { type: 'settings', settings: { ...settings, placement: { kind: 'list', ids: ['a', 7] } } },
      { type: 'settings', settings: { ...settings, tracking: 'everything' } },
      { type: 'eval', code: '1' },
      'track',
      null,
    ]) expect(parseHostMessage(junk), JSON.stringify(junk)).toBeNull();
    expect(parseFrameMessage({ type: 'click', itemId: 'a', url: 'javascript:alert(1)' })).toBeNull();
    expect(parseFrameMessage({ type: 'resize', height: Number.NaN })).toBeNull();
    expect(parseFrameMessage({ type: 'error', reason: 'unknown-items', ids: 'x' })).toBeNull();
    expect(isHandshake({ protocol: FRAME_PROTOCOL, version: 1, type: 'connect' })).toBe(true);
    expect(isHandshake({ protocol: FRAME_PROTOCOL, version: 2, type: 'connect' })).toBe(false);
  });

  it('never throws on anything, and what it accepts is what it defines', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const host = parseHostMessage(value);
        const frame = parseFrameMessage(value);
        if (host !== null) expect(['track', 'refresh', 'settings']).toContain(host.type);
        if (frame !== null) expect(['ready', 'click', 'error', 'resize', 'done']).toContain(frame.type);
      }),
    );
  });

  it('lets through theme values that are colours, lengths and font names, and nothing that loads or breaks out', () => {
    expect(themeValue('--sift-accent', ' #A33 ')).toBe('#A33');
    expect(themeValue('--sift-accent', 'rgb(10, 20, 30)')).toBe('rgb(10, 20, 30)');
    expect(themeValue('--sift-accent', 'hsl(120deg 50% 40% / 0.5)')).toBe('hsl(120deg 50% 40% / 0.5)');
    expect(themeValue('--sift-accent', 'rebeccapurple')).toBe('rebeccapurple');
    expect(themeValue('--sift-radius', '12px')).toBe('12px');
    expect(themeValue('--sift-font', '"Source Serif", Georgia, serif')).toBe('"Source Serif", Georgia, serif');
    for (const bad of ['url(https://evil.example/x.png)', 'red; background: url(x)', '#a33}', 'expression(alert(1))', 'image-set("x.png" 1x)', 'var(--x)', '']) {
      expect(themeValue('--sift-card-bg', bad), bad).toBeNull();
    }
    expect(themeValue('--sift-gap', '1px; x')).toBeNull();
    expect(themeValue('--sift-font', 'Georgia; }')).toBeNull();
    // A bad value is dropped; the settings it came with stand.
    expect(parseSettings({ ...settings, styles: { '--sift-accent': 'url(x)' } })?.styles).toEqual({});
  });

  it('carries the catalogue and first settings in the frame address\'s fragment, and refuses what is not http(s)', () => {
    const start = { count: 4, layout: 'grid', lang: 'zh', theme: 'dark', placement: { kind: 'feed' }, tracking: 'visit' } as const;
    const fragment = frameFragment('https://news.example/catalog.json?v=2', start);
    expect(readFrameStart(fragment)).toEqual({ catalogueUrl: 'https://news.example/catalog.json?v=2', settings: { ...start, styles: {} } });
    for (const placed of [
      { ...start, placement: { kind: 'around', itemId: 'news/2026 & more' }, tracking: 'none' },
      { ...start, placement: { kind: 'list', ids: ['n1', 'n2', 'n3'] } },
    ] as const) {
      expect(readFrameStart(frameFragment('https://news.example/c.json', placed))?.settings).toEqual({ ...placed, styles: {} });
    }
    expect(readFrameStart('#catalog=javascript:alert(1)')).toBeNull();
    expect(readFrameStart('#count=3')).toBeNull();
  });
});
