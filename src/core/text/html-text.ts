/**
 * Plain text from the HTML that feeds and CMS exports put in titles, summaries and bodies:
 * tags removed, character references decoded (named, decimal and hex), whitespace collapsed.
 * Where a tag stood between two CJK characters nothing is left, not a space: Chinese and
 * Japanese run their words together, and "河城的<b>游泳</b>话题" is one phrase.
 */
const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', sbquo: '‚', bdquo: '„', laquo: '«', raquo: '»',
  middot: '·', bull: '•', copy: '©', reg: '®', trade: '™', deg: '°', euro: '€', pound: '£', yen: '¥',
  cent: '¢', times: '×', divide: '÷', shy: '', zwj: '', zwnj: '', thinsp: ' ', ensp: ' ', emsp: ' ',
  eacute: 'é', egrave: 'è', ecirc: 'ê', aacute: 'á', agrave: 'à', acirc: 'â', auml: 'ä', ouml: 'ö',
  uuml: 'ü', szlig: 'ß', ccedil: 'ç', ntilde: 'ñ', oacute: 'ó', iacute: 'í', uacute: 'ú',
};

const CJK = '\\u2e80-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff\\uff00-\\uffef\\u3000-\\u303f';
const BLOCK_TAG = /<\/?(p|div|br|hr|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|header|footer|figure|figcaption|pre|dd|dt|dl)\b[^>]*>/gi;
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK}]) +(?=[${CJK}])`, 'g');

/** Decodes character references; unknown names are left as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z][a-z0-9]{1,31});/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '';
    }
    return NAMED[ref.toLowerCase()] ?? NAMED[ref] ?? whole;
  });
}

/** Plain text of an HTML fragment (or of text that merely has entities); undefined when nothing is left. */
export function htmlToText(html: string | undefined): string | undefined {
  if (html === undefined) return undefined;
  const text = decodeEntities(
    html
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<!--[\s\S]*?-->/g, ' ')
      // A block ends a run of words; an inline tag (<b>, <a>, <span>) sits inside one.
      .replace(BLOCK_TAG, ' ')
      .replace(/<[^>]*>/g, ''),
  )
    // A decoded "&lt;b&gt;" is text the author wrote, but a tag written that way is still markup to a reader.
    .replace(/<\/?[a-z][^>]*>/gi, ' ')
    .replace(/\s+/g, ' ')
    .replace(SPACE_BETWEEN_CJK, '')
    .trim();
  return text === '' ? undefined : text;
}

/** The `src` of the first `<img>` in an HTML fragment (entities decoded), if any. */
export function firstImageSrc(html: string | undefined): string | undefined {
  const match = html === undefined ? null : /<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]+)"|'([^']+)'|([^\s>]+))/i.exec(html);
  const src = match?.[1] ?? match?.[2] ?? match?.[3];
  return src === undefined ? undefined : decodeEntities(src).trim() || undefined;
}
