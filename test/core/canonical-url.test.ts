import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalUrl, catalogueSite, itemsByCanonicalUrl, TRACKING_PARAMETERS } from '../../src/core/catalogue/canonical-url';

describe('canonicalUrl: one spelling per page', () => {
  it('folds scheme, www, host case, default port, fragment, trailing slash and tracking parameters', () => {
    const same = [
      'https://www.Example.com/2026/05/mayor-plan/?utm_source=newsletter&utm_medium=email#comments',
      'http://example.com/2026/05/mayor-plan',
      'HTTPS://EXAMPLE.COM:443/2026/05/mayor-plan/?fbclid=IwAR0x',
      'https://example.com/2026/05/mayor-plan?gclid=abc&mc_cid=1&_ga=2.1',
      '//www.example.com/2026/05/mayor-plan/',
      'example.com/2026/05/mayor-plan/',
    ];
    for (const raw of same) expect(canonicalUrl(raw), raw).toBe('example.com/2026/05/mayor-plan');
  });

  it('keeps what names a page: path case, other parameters (in one order), a port, the root', () => {
    expect(canonicalUrl('https://example.com/?p=1000')).toBe('example.com?p=1000');
    expect(canonicalUrl('https://example.com/?p=1000&utm_campaign=x')).toBe('example.com?p=1000');
    expect(canonicalUrl('https://example.com/a?b=2&a=1')).toBe(canonicalUrl('https://example.com/a?a=1&b=2'));
    expect(canonicalUrl('https://example.com/Story')).not.toBe(canonicalUrl('https://example.com/story'));
    expect(canonicalUrl('https://example.com:8080/a')).toBe('example.com:8080/a');
    expect(canonicalUrl('https://example.com/')).toBe('example.com');
  });

  it('resolves relative paths against the site, and has none for them without one', () => {
    expect(canonicalUrl('/2026/05/mayor-plan/', 'https://www.example.com')).toBe('example.com/2026/05/mayor-plan');
    expect(canonicalUrl('/2026/05/mayor-plan/?utm_source=x')).toBeNull();
    expect(canonicalUrl('2026/05/mayor-plan', 'https://example.com')).toBe('example.com/2026/05/mayor-plan');
  });

  it('non-ASCII paths match however they were escaped', () => {
    const a = canonicalUrl('https://news.example.cn/新闻/早餐-1/');
    expect(a).toBe(canonicalUrl('https://news.example.cn/%e6%96%b0%e9%97%bb/%E6%97%A9%E9%A4%90-1'));
    expect(a).toBe('news.example.cn/%E6%96%B0%E9%97%BB/%E6%97%A9%E9%A4%90-1');
  });

  it('is not a web address: mailto, javascript, empty, a bare word', () => {
    for (const raw of ['mailto:a@example.com', 'javascript:alert(1)', '', '   ', 'post-1000', 'ftp://example.com/a']) expect(canonicalUrl(raw), raw).toBeNull();
  });

  it('the documented list covers the common click ids, and every utm_* is dropped', () => {
    expect(TRACKING_PARAMETERS).toEqual(expect.arrayContaining(['fbclid', 'gclid', 'msclkid', 'mc_cid', '_ga']));
    expect(canonicalUrl('https://example.com/a?utm_whatever=1&UTM_Source=2')).toBe('example.com/a');
  });

  const path = fc.array(fc.stringMatching(/^[a-zA-Z0-9_-]{1,8}$/), { minLength: 0, maxLength: 4 }).map((parts) => parts.join('/'));
  const params = fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,5}$/), fc.stringMatching(/^[a-z0-9]{0,5}$/)), { maxLength: 3 });
  const tracking = fc.array(fc.tuple(fc.constantFrom(...TRACKING_PARAMETERS, 'utm_source', 'utm_medium', 'utm_content'), fc.stringMatching(/^[a-z0-9]{1,6}$/)), { maxLength: 3 });
  const variant = fc.record({ https: fc.boolean(), www: fc.boolean(), upper: fc.boolean(), slash: fc.boolean(), fragment: fc.boolean(), tracking, shuffled: fc.boolean() });

  it('every variant of an address has the canonical form of the plain one, which is itself canonical (property)', () => {
    fc.assert(
      fc.property(path, params, variant, (p, q, v) => {
        const plainQuery = q.length === 0 ? '' : `?${new URLSearchParams(q).toString()}`;
        const plain = canonicalUrl(`https://example.org/${p}${plainQuery}`)!;
        const ordered = v.shuffled ? [...q].reverse() : q;
        const all = [...ordered, ...v.tracking];
        const query = all.length === 0 ? '' : `?${new URLSearchParams(all).toString()}`;
        const host = `${v.www ? 'www.' : ''}${v.upper ? 'EXAMPLE.ORG' : 'example.org'}`;
        const raw = `${v.https ? 'https' : 'http'}://${host}/${p}${v.slash && p !== '' ? '/' : ''}${query}${v.fragment ? '#x' : ''}`;
        // A generated parameter that happens to be a tracking name is dropped from both sides alike.
        expect(canonicalUrl(raw)).toBe(plain);
        expect(canonicalUrl(`https://${plain}`)).toBe(plain);
      }),
      { numRuns: 300 },
    );
  });

  it('the catalogue site is the origin most items share; items map by canonical URL, first one kept', () => {
    expect(catalogueSite(['https://a.example/x', 'https://a.example/y', 'https://b.example/z', undefined, 'not a url'])).toBe('https://a.example');
    expect(catalogueSite([undefined])).toBeNull();
    const { ids, collisions } = itemsByCanonicalUrl(
      [
        { id: '1', url: 'https://example.com/a/' },
        { id: '2', url: 'http://www.example.com/a' },
        { id: '3', url: 'https://example.com/b?utm_source=rss' },
        { id: '4' },
      ],
      undefined,
    );
    expect(Object.fromEntries(ids)).toEqual({ 'example.com/a': '1', 'example.com/b': '3' });
    expect(collisions).toBe(1);
  });
});
