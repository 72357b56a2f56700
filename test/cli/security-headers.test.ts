import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, headersFile, MODEL_HUB_ORIGINS, PERMISSIONS_POLICY, modelOrigins, parseConnectOrigins, parseFrameAncestors } from '../../src/app/content-security-policy';
import { startStaticServer } from '../../src/cli/static-server.mjs';

describe('Content-Security-Policy and _headers', () => {
  it('allows the app itself and the named origins only, and no inline script', () => {
    const policy = contentSecurityPolicy({ connectOrigins: ['https://cdn.example.com'] });
    expect(policy).toContain("connect-src 'self' https://cdn.example.com;");
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain("'unsafe-eval'");
  });

  it('allows the model hub by default; SIFT_MODEL_ORIGINS replaces it or turns it off', () => {
    expect(modelOrigins(undefined)).toEqual({ origins: [...MODEL_HUB_ORIGINS] });
    expect(modelOrigins('none')).toEqual({ origins: [] });
    expect(modelOrigins('https://models.example.com')).toEqual({ origins: ['https://models.example.com'] });
    expect(modelOrigins('models.example.com')).toMatchObject({ kind: 'not-an-origin' });
  });

  it('reads SIFT_CONNECT_ORIGINS strictly: origins only, CSP wildcards allowed', () => {
    expect(parseConnectOrigins(undefined)).toEqual({ origins: [] });
    expect(parseConnectOrigins(' https://a.example.com,http://127.0.0.1:*  https://*.cdn.example ')).toEqual({
      origins: ['https://a.example.com', 'http://127.0.0.1:*', 'https://*.cdn.example'],
    });
    for (const bad of ['https://a.example.com/path', "'unsafe-inline'", 'ftp://x.example', '*', 'https://a.example.com; script-src *']) {
      expect(parseConnectOrigins(bad)).toMatchObject({ kind: 'not-an-origin' });
    }
  });

  it('reads SIFT_FRAME_ANCESTORS: any site by default, or the sites named', () => {
    expect(parseFrameAncestors(undefined)).toEqual({ sources: ['*'] });
    expect(parseFrameAncestors("'none'")).toEqual({ sources: ["'none'"] });
    expect(parseFrameAncestors("'self' https://news.example https://*.blog.example")).toEqual({ sources: ["'self'", 'https://news.example', 'https://*.blog.example'] });
    expect(parseFrameAncestors('https://news.example; script-src *')).toMatchObject({ kind: 'not-an-origin' });
    expect(headersFile('x', { widget: ['https://news.example'], app: ["'none'"] })).toContain('/widget.html\n  Content-Security-Policy: x; frame-ancestors https://news.example');
    // The app is framed by nobody unless the deployer says otherwise (SIFT_APP_FRAME_ANCESTORS).
    expect(parseFrameAncestors(undefined, "'none'")).toEqual({ sources: ["'none'"] });
    expect(parseFrameAncestors("'self'", "'none'")).toEqual({ sources: ["'self'"] });
  });

  it('the static server sends the _headers rules by path, with "!" dropping a header', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sift-headers-'));
    writeFileSync(join(root, '_headers'), headersFile("default-src 'self'"));
    writeFileSync(join(root, 'index.html'), '<!doctype html>');
    writeFileSync(join(root, 'widget.html'), '<!doctype html>');
    mkdirSync(join(root, 'widget'));
    writeFileSync(join(root, 'widget', 'sift-widget.js'), 'export {};');
    mkdirSync(join(root, 'catalog'));
    writeFileSync(join(root, 'catalog', 'demo.json'), '{}');
    const server = await startStaticServer({ root });
    try {
      const app = await fetch(server.url);
      expect(app.headers.get('content-security-policy')).toBe("default-src 'self'; frame-ancestors 'none'");
      expect(app.headers.get('referrer-policy')).toBe('no-referrer');
      expect(app.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(app.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(app.headers.get('permissions-policy')).toBe(PERMISSIONS_POLICY);
      expect(app.headers.get('access-control-allow-origin')).toBeNull();
      // What other sites' pages load: the widget's loader and code, the demo catalogue.
      for (const path of ['widget/sift-widget.js', 'catalog/demo.json']) {
        const shared = await fetch(`${server.url}${path}`);
        expect(shared.status).toBe(200);
        expect(shared.headers.get('access-control-allow-origin')).toBe('*');
        expect(shared.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      }
      const demo = await fetch(`${server.url}demo/missing.html`);
      expect(demo.headers.get('content-security-policy')).toBeNull();
      expect(demo.headers.get('x-content-type-options')).toBe('nosniff');
      // The widget's page says who may frame it (frame-ancestors works in the header only).
      const frame = await fetch(`${server.url}widget.html`);
      expect(frame.headers.get('content-security-policy')).toBe("default-src 'self'; frame-ancestors *");
      // The rules file itself is not served.
      expect((await fetch(`${server.url}_headers`)).status).toBe(403);
    } finally {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
