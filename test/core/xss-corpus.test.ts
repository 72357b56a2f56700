import { describe, expect, it } from 'vitest';
import { parseCatalogueText } from '../../src/core/catalogue/parse-catalogue';
import { XSS_TEXT, XSS_URLS, xssCatalogue } from '../fixtures/xss-corpus';

describe('hostile catalogue content', () => {
  it('keeps hostile text verbatim (it is rendered as text) and drops every non-http(s) link and image', () => {
    const result = parseCatalogueText(JSON.stringify(xssCatalogue()), { baseUrl: 'https://shop.example/c.json' });
    if (result.kind !== 'ok') throw new Error(JSON.stringify(result));
    expect(result.catalogue.items.map((item) => item.title)).toEqual(XSS_TEXT);
    for (const item of result.catalogue.items) {
      expect(item.url).toBeUndefined();
      expect(item.image).toBeUndefined();
    }
    expect(XSS_URLS.length).toBeGreaterThan(5);
  });
});
