import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCatalogue, readSource } from '../../src/publisher/catalogue-builder';
import { decodeEntities, firstImageSrc, htmlToText } from '../../src/core/text/html-text';

/**
 * Feeds as publishers' tools write them (shapes written by the project after WordPress, Ghost,
 * Medium, Substack, an Atom blog, a JSON Feed and a Chinese news site): pictures, entities, HTML
 * in text, and the feed's language all reach the catalogue's items.
 */
const dir = mkdtempSync(join(tmpdir(), 'sift-feeds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function read(name: string, text: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return readSource(path);
}

const WORDPRESS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>River City News</title><language>en-US</language>
<item><title>Mayor&#8217;s plan &#8211; what&#8217;s next?</title><link>https://news.example/mayors-plan/</link><guid isPermaLink="false">https://news.example/?p=1000</guid>
<description><![CDATA[<p>The mayor&#8217;s <strong>new</strong> plan&hellip;</p>]]></description>
<enclosure url="https://news.example/wp-content/uploads/plan.jpg" length="12345" type="image/jpeg"/>
<category>Politics</category></item>
<item><title>Podcast episode</title><link>https://news.example/pod/</link><guid>https://news.example/?p=1001</guid>
<enclosure url="https://news.example/pod.mp3" length="1" type="audio/mpeg"/>
<content:encoded><![CDATA[<p><img src="https://news.example/wp-content/uploads/pod.png" alt=""/>Listen &amp; learn</p>]]></content:encoded></item>
</channel></rss>`;

const GHOST = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Ghost blog</title>
<item><title><![CDATA[Tide tables]]></title><link>https://ghost.example/tides/</link><guid isPermaLink="false">63f0</guid>
<description><![CDATA[Reading the sea.]]></description><media:content url="https://ghost.example/content/images/tides.jpg" medium="image"/></item></channel></rss>`;

const SUBSTACK_MEDIA_GROUP = `<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Letters</title>
<item><title>Letter one</title><link>https://letters.example/p/one</link>
<media:group><media:thumbnail url="https://cdn.letters.example/one-thumb.jpg"/></media:group></item></channel></rss>`;

// Medium: no <description>; the story is content:encoded, its picture a <figure><img> inside, categories in CDATA.
const MEDIUM = `<?xml version="1.0" encoding="UTF-8"?><rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">
<channel><title><![CDATA[Stories by Ana on Medium]]></title><link>https://medium.com/@ana</link>
<item><title><![CDATA[Why we rebuilt our ferry timetable]]></title><link>https://medium.com/@ana/why-we-rebuilt-0c1f?source=rss-1a2b------2</link>
<guid isPermaLink="false">https://medium.com/p/0c1f</guid><category><![CDATA[transport]]></category><category><![CDATA[design]]></category><dc:creator><![CDATA[Ana]]></dc:creator>
<pubDate>Tue, 01 Dec 2026 09:00:00 GMT</pubDate>
<content:encoded><![CDATA[<h3>Why we rebuilt it</h3><figure><img alt="" src="https://cdn-images-1.medium.com/max/1024/1*ferry.jpeg" /></figure><p>Ferries &amp; tides don&#8217;t wait.</p>]]></content:encoded></item></channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title>Carnet</title>
<entry><id>urn:uuid:1</id><title type="html">Caf&amp;eacute; &amp;amp; croissants</title><link href="https://carnet.example/cafe"/>
<link rel="enclosure" type="image/png" href="https://carnet.example/cafe.png"/><updated>2026-11-01T08:00:00Z</updated>
<summary type="html">&lt;p&gt;Le &lt;em&gt;meilleur&lt;/em&gt; caf&#233;.&lt;/p&gt;</summary></entry></feed>`;

const JSON_FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'JSON news',
  language: 'en-GB',
  items: [
    { id: 'a', url: 'https://j.example/a', title: 'Bread &amp; butter', content_html: '<p><img src="https://j.example/a.jpg"> Fresh <b>bread</b></p>' },
    { id: 'b', url: 'https://j.example/b', title: 'Banner', banner_image: 'https://j.example/b.jpg', content_text: 'Plain.' },
  ],
});

const CHINESE = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>河城新闻</title><language>zh-CN</language>
<item><title>河城的&lt;b&gt;游泳&lt;/b&gt;话题</title><link>https://zh.example/swim</link><guid>https://zh.example/?p=1</guid>
<description><![CDATA[<p>夏天到了，<a href="/pool">游泳池</a>开放。</p>]]></description><category>体育</category></item></channel></rss>`;

describe('feeds as publishers write them', () => {
  it('WordPress RSS: entities decoded, HTML stripped, the enclosure picture, and an <img> of the content when the enclosure is not a picture', () => {
    const source = read('wp.xml', WORDPRESS);
    expect(source.language).toBe('en-US');
    expect(source.items[0]).toMatchObject({ title: 'Mayor’s plan – what’s next?', summary: 'The mayor’s new plan…', image: 'https://news.example/wp-content/uploads/plan.jpg' });
    expect(source.items[1]).toMatchObject({ image: 'https://news.example/wp-content/uploads/pod.png', summary: 'Listen & learn' });
  });

  it('Ghost (media:content) and Substack-style (media:group thumbnail) pictures', () => {
    expect(read('ghost.xml', GHOST).items[0]).toMatchObject({ title: 'Tide tables', image: 'https://ghost.example/content/images/tides.jpg' });
    expect(read('letters.xml', SUBSTACK_MEDIA_GROUP).items[0]).toMatchObject({ image: 'https://cdn.letters.example/one-thumb.jpg' });
  });

  it('Medium: the picture from the story\'s <figure>, categories as tags, text from content:encoded', () => {
    const [story] = read('medium.xml', MEDIUM).items as Array<Record<string, unknown>>;
    expect(story).toMatchObject({ id: 'https://medium.com/p/0c1f', title: 'Why we rebuilt our ferry timetable', image: 'https://cdn-images-1.medium.com/max/1024/1*ferry.jpeg', tags: ['transport', 'design'] });
    expect(String(story!.summary)).toMatch(/^Why we rebuilt it Ferries & tides don’t wait\.$/);
  });

  it('Atom: link rel="enclosure", xml:lang, and escaped HTML in title and summary', () => {
    const source = read('atom.xml', ATOM);
    expect(source.language).toBe('fr');
    expect(source.items[0]).toMatchObject({ title: 'Café & croissants', summary: 'Le meilleur café.', image: 'https://carnet.example/cafe.png' });
  });

  it('JSON Feed: image from content_html or banner_image, language, entities', () => {
    const source = read('feed.json', JSON_FEED);
    expect(source.language).toBe('en-GB');
    expect(source.items[0]).toMatchObject({ title: 'Bread & butter', summary: 'Fresh bread', image: 'https://j.example/a.jpg' });
    expect(source.items[1]).toMatchObject({ image: 'https://j.example/b.jpg' });
  });

  it('a Chinese feed: its language, and no spaces put inside a sentence where tags were', () => {
    const source = read('zh.xml', CHINESE);
    expect(source.language).toBe('zh-CN');
    expect(source.items[0]).toMatchObject({ title: '河城的游泳话题', summary: '夏天到了，游泳池开放。', tags: ['体育'] });
  });

  it('the catalogue built from a feed says the feed\'s language, with pictures and clean titles', async () => {
    read('zh-build.xml', CHINESE);
    const out = join(dir, 'zh-catalogue');
    const report = await buildCatalogue({ input: join(dir, 'zh-build.xml'), out, model: null, dtype: 'int8' });
    const catalogue = JSON.parse(readFileSync(report.catalogueFile, 'utf8')) as { language: string; items: Array<{ title: string }> };
    expect(catalogue.language).toBe('zh-CN');
    expect(catalogue.items[0]!.title).toBe('河城的游泳话题');
    read('wp-build.xml', WORDPRESS);
    const wp = await buildCatalogue({ input: join(dir, 'wp-build.xml'), out: join(dir, 'wp-catalogue'), model: null, dtype: 'int8' });
    const built = JSON.parse(readFileSync(wp.catalogueFile, 'utf8')) as { items: Array<{ image?: string }> };
    expect(built.items.map((item) => item.image)).toEqual(['https://news.example/wp-content/uploads/plan.jpg', 'https://news.example/wp-content/uploads/pod.png']);
  });

  it('JSON Lines from a CMS: HTML and entities out of title and summary', () => {
    const source = read('export.jsonl', `${JSON.stringify({ id: 'p1', title: 'Q&amp;A: the <em>bridge</em>', summary: '<p>Built in 1890 &ndash; still standing.</p>', tags: ['history'] })}\n`);
    expect(source.items[0]).toMatchObject({ title: 'Q&A: the bridge', summary: 'Built in 1890 – still standing.' });
  });
});

describe('htmlToText', () => {
  it('leaves no tag, and no space between two CJK characters that were not spaced in the text', () => {
    const cjk = fc.constantFrom(...'河城游泳话题夏天到了新闻早餐'.split(''));
    const tag = fc.constantFrom('<b>', '</b>', '<a href="/x">', '</a>', '<br/>', '<span class="k">');
    fc.assert(
      fc.property(fc.array(fc.oneof(cjk, tag), { minLength: 1, maxLength: 30 }), (parts) => {
        const out = htmlToText(parts.join('')) ?? '';
        expect(out).not.toMatch(/[<>]/);
        expect(out).toBe(parts.filter((p) => !p.startsWith('<')).join(''));
      }),
    );
  });

  it('decodes decimal, hex and named references, and leaves unknown names as written', () => {
    expect(decodeEntities('&#8217;&#x2019;&rsquo;&amp;&unknown;&#0;')).toBe('’’’&&unknown;');
    expect(firstImageSrc('<p><IMG alt=x SRC=\'https://a.example/i.png?w=1&amp;h=2\'></p>')).toBe('https://a.example/i.png?w=1&h=2');
    expect(htmlToText('<script>alert(1)</script><style>p{}</style>  ')).toBeUndefined();
  });
});
