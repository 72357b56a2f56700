import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { catalogueAllowed, readCatalogueOrigins, type CatalogueOriginPolicy } from '../../src/app/catalogue-origins';

const listed = (...origins: string[]): CatalogueOriginPolicy => ({ kind: 'listed', origins });

describe('catalogue origins', () => {
  it('allows the app and the named hosts only, as CSP host-sources match', () => {
    const policy = listed('https://sift.example', 'https://catalogues.example.com', 'https://*.cdn.example', 'http://127.0.0.1:*');
    expect(catalogueAllowed(policy, 'https://sift.example/catalog/demo.json')).toBe(true);
    expect(catalogueAllowed(policy, 'https://sift.example:443/x.json')).toBe(true);
    expect(catalogueAllowed(policy, 'https://sift.example:8443/x.json')).toBe(false);
    expect(catalogueAllowed(policy, 'http://sift.example/x.json')).toBe(false);
    expect(catalogueAllowed(policy, 'https://catalogues.example.com/news.json')).toBe(true);
    expect(catalogueAllowed(policy, 'https://eu.cdn.example/news.json')).toBe(true);
    expect(catalogueAllowed(policy, 'https://cdn.example/news.json')).toBe(false);
    expect(catalogueAllowed(policy, 'https://evil-cdn.example/news.json')).toBe(false);
    expect(catalogueAllowed(policy, 'http://127.0.0.1:4321/c.json')).toBe(true);
    // The model hosts the policy lets through for model files are not catalogue hosts.
    expect(catalogueAllowed(policy, 'https://huggingface.co/datasets/x/resolve/main/catalog.json')).toBe(false);
    expect(catalogueAllowed(policy, 'https://raw.githubusercontent.com/x/y/main/catalog.json')).toBe(false);
    expect(catalogueAllowed(policy, 'javascript:alert(1)')).toBe(false);
    expect(catalogueAllowed(policy, 'not a url')).toBe(false);
    expect(catalogueAllowed({ kind: 'any' }, 'https://anything.example/c.json')).toBe(true);
  });

  it('never allows a host that is not the listed one or below a wildcard', () => {
    const policy = listed('https://a.example', 'https://*.b.example');
    fc.assert(
      fc.property(fc.domain(), (host) => {
        const allowed = catalogueAllowed(policy, `https://${host}/c.json`);
        expect(allowed).toBe(host === 'a.example' || host.endsWith('.b.example'));
      }),
    );
  });

  it('reads the list the build wrote into the page, with the app origin first', () => {
    const page = { querySelector: () => ({ getAttribute: () => 'https://c.example  https://*.d.example' }) } as unknown as Document;
    expect(readCatalogueOrigins(page, 'https://sift.example')).toEqual(listed('https://sift.example', 'https://c.example', 'https://*.d.example'));
    const bare = { querySelector: () => null } as unknown as Document;
    expect(readCatalogueOrigins(bare, 'https://sift.example')).toEqual(listed('https://sift.example'));
  });
});
