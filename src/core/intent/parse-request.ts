import type { ConversationalIntent, IntentNote } from './intent';
import { looseKey, type TagVocabulary } from './tag-vocabulary';

/**
 * The deterministic parser for conversational requests, used when no local LLM is available
 * (and to check what one returns): English and Chinese. It finds the catalogue's own tags (and
 * common names for them), negations and their scope (a clause), years and decades, and length;
 * what is left becomes free-text query words. It only ever names tags the catalogue has.
 */

export interface ParseContext {
  readonly vocabulary: TagVocabulary;
  /** The newest publication year in the catalogue ("recent" is relative to it), if known. */
  readonly newestYear: number | null;
}

export interface ParsedRequest {
  readonly intent: ConversationalIntent;
  readonly notes: readonly IntentNote[];
}

const MAX_REQUEST = 500;

/** Common names for common tags; used only when the catalogue has the tag. */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  scifi: ['Sci-Fi'],
  sciencefiction: ['Sci-Fi'],
  scary: ['Horror'],
  spooky: ['Horror'],
  frightening: ['Horror'],
  funny: ['Comedy'],
  hilarious: ['Comedy'],
  comedic: ['Comedy'],
  romantic: ['Romance'],
  lovestory: ['Romance'],
  animated: ['Animation'],
  cartoon: ['Animation'],
  kids: ['Children'],
  family: ['Children'],
  detective: ['Mystery'],
  whodunit: ['Mystery'],
  suspense: ['Thriller'],
  gangster: ['Crime'],
  magic: ['Fantasy'],
  documentaries: ['Documentary'],
  happyending: ['happy ending', 'feel-good'],
  uplifting: ['feel-good'],
  feelgood: ['feel-good'],
  科幻: ['Sci-Fi'],
  喜剧: ['Comedy'],
  搞笑: ['Comedy'],
  恐怖: ['Horror'],
  吓人: ['Horror'],
  爱情: ['Romance'],
  浪漫: ['Romance'],
  动画: ['Animation'],
  卡通: ['Animation'],
  纪录片: ['Documentary'],
  战争: ['War'],
  悬疑: ['Mystery'],
  推理: ['Mystery'],
  侦探: ['Mystery'],
  犯罪: ['Crime'],
  动作: ['Action'],
  冒险: ['Adventure'],
  奇幻: ['Fantasy'],
  魔幻: ['Fantasy'],
  惊悚: ['Thriller'],
  剧情: ['Drama'],
  儿童: ['Children'],
  家庭: ['Children'],
  歌舞: ['Musical'],
  音乐剧: ['Musical'],
  西部: ['Western'],
  黑色电影: ['Film-Noir'],
  大团圆: ['happy ending', 'feel-good'],
  圆满结局: ['happy ending', 'feel-good'],
  美好结局: ['happy ending', 'feel-good'],
  结局圆满: ['happy ending', 'feel-good'],
  温馨: ['feel-good'],
};
const CJK_SYNONYMS = Object.keys(SYNONYMS).filter((key) => /\p{Script=Han}/u.test(key));

/** Words that carry no wish of their own in a request. */
const FILLER = new Set(
  (
    'i me my we us a an the and or of in on at to for from with by is are be am was it its this that these those some any ' +
    'want wanna would like love looking look find show give get recommend suggest please maybe something anything one ones ' +
    'film films movie movies book books article articles story stories show shows watch read see tonight today good great nice best ' +
    'really very quite too bit kind sort type lot lots much more less ending end which who what where when how can could should'
  ).split(' '),
);
const CJK_FILLER = ['我想看', '我想要', '我想', '想看', '想要', '推荐', '一部', '一个', '一本', '电影', '影片', '片子', '故事', '的', '要', '给我', '来', '看', '吧', '呢', '请'];

const CLAUSE_BOUNDARY = /[,.;!?，。；！？、\n]|\s(?:but|with|though|although|yet)\s|但是|不过|而且|并且/u;
const NEGATION = /\b(?:no|not|without|nothing|none|never|avoid|except|skip|don'?t|dont|rather not|anything but)\b|不要|不想|别|没有|除了|不是|不太/u;
const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;

export function parseRequest(text: string, context: ParseContext): ParsedRequest {
  const notes: IntentNote[] = [];
  let rest = text.normalize('NFKC').toLowerCase().slice(0, MAX_REQUEST);

  const years = takeYears(rest, context);
  rest = years.rest;

  const include = new Set<string>();
  const exclude = new Set<string>();
  const queryWords: string[] = [];
  let length: 'short' | 'long' | null = null;

  for (const clause of rest.split(CLAUSE_BOUNDARY)) {
    if (clause === undefined || clause.trim() === '') continue;
    const cue = NEGATION.exec(clause);
    const negatedFrom = cue === null ? Infinity : cue.index;
    const negated = (at: number): boolean => at >= negatedFrom;
    let remaining = clause;

    // Length: "nothing too long" asks for short; "not short" for long.
    const lengthMatch = /\b(long|lengthy|epic|short|quick|brief)\b|太长|很长|长的|短的|短片|短/u.exec(remaining);
    if (lengthMatch !== null) {
      const saysLong = /long|lengthy|epic|长/u.test(lengthMatch[0]);
      length = saysLong !== negated(lengthMatch.index) ? 'long' : 'short';
      remaining = blank(remaining, lengthMatch.index, lengthMatch[0].length);
    }

    // CJK: tags and their common names appear inside unbroken runs; find them by substring.
    for (const name of [...CJK_SYNONYMS, ...context.vocabulary.cjkTags.map((t) => t.toLowerCase())].sort((a, b) => b.length - a.length)) {
      for (let at = remaining.indexOf(name); at >= 0; at = remaining.indexOf(name)) {
        const tags = resolve(name, context.vocabulary);
        for (const tag of tags) (negated(at) ? exclude : include).add(tag);
        remaining = blank(remaining, at, name.length);
      }
    }

    // Words and phrases of up to maxWords words, longest first.
    const words = [...remaining.matchAll(WORD)].map((m) => ({ text: m[0], at: m.index, used: false }));
    for (let n = Math.min(context.vocabulary.maxWords, words.length); n >= 1; n -= 1) {
      for (let i = 0; i + n <= words.length; i += 1) {
        const span = words.slice(i, i + n);
        if (span.some((w) => w.used)) continue;
        if (n === 1 && FILLER.has(span[0]!.text)) continue;
        const tags = resolve(span.map((w) => w.text).join(' '), context.vocabulary);
        if (tags.length === 0) continue;
        for (const tag of tags) (negated(span[0]!.at) ? exclude : include).add(tag);
        for (const w of span) w.used = true;
      }
    }
    for (const word of words) {
      if (word.used || FILLER.has(word.text) || NEGATION.test(` ${word.text} `) || word.text.length < 2) continue;
      if (negated(word.at)) notes.push({ kind: 'unknown-tag', tag: word.text });
      else queryWords.push(word.text);
    }
    // What is left of CJK text (after tags and filler) is query text too.
    let cjkLeft = [...remaining.matchAll(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu)].map((m) => m[0]).join(' ');
    for (const filler of CJK_FILLER) cjkLeft = cjkLeft.split(filler).join(' ');
    for (const run of cjkLeft.split(/\s+/)) if (run.length >= 2 && cue === null) queryWords.push(run);
  }

  for (const tag of exclude) include.delete(tag);
  if (length !== null) notes.push({ kind: 'length-unavailable', length });
  const intent: ConversationalIntent = {
    query: queryWords.join(' '),
    includeTags: [...include],
    excludeTags: [...exclude],
    years: years.range,
    length,
  };
  if (intent.query === '' && include.size === 0 && exclude.size === 0 && years.range === null && length === null) notes.push({ kind: 'nothing-understood' });
  return { intent, notes };
}

/** The catalogue tags a phrase names: itself (singular or plural) or its common names. */
function resolve(phrase: string, vocabulary: TagVocabulary): string[] {
  const key = looseKey(phrase);
  if (key.length === 0) return [];
  const found = new Set<string>();
  for (const candidate of [key, singular(key)]) {
    const direct = vocabulary.byKey.get(candidate);
    if (direct !== undefined) found.add(direct);
    for (const name of SYNONYMS[candidate] ?? []) {
      const tag = vocabulary.byKey.get(looseKey(name));
      if (tag !== undefined) found.add(tag);
    }
  }
  return [...found];
}

function singular(key: string): string {
  if (key.endsWith('ies') && key.length > 4) return `${key.slice(0, -3)}y`;
  if (key.endsWith('s') && !key.endsWith('ss') && key.length > 3) return key.slice(0, -1);
  return key;
}

function blank(text: string, at: number, length: number): string {
  return `${text.slice(0, at)}${' '.repeat(length)}${text.slice(at + length)}`;
}

/** Years, decades, "recent" and "classic": taken out of the text, returned as a range. */
function takeYears(text: string, context: ParseContext): { rest: string; range: { from?: number; to?: number } | null } {
  let rest = text;
  let from: number | undefined;
  let to: number | undefined;
  const take = (pattern: RegExp, apply: (m: RegExpExecArray) => void): void => {
    const match = pattern.exec(rest);
    if (match === null) return;
    apply(match);
    rest = blank(rest, match.index, match[0].length);
  };
  const century = (digits: string | undefined, decade: number): number => (digits !== undefined ? Number(digits) * 100 : decade >= 3 ? 1900 : 2000);

  take(/\bbetween\s+(\d{4})\s+and\s+(\d{4})\b|\b(\d{4})\s*[-–~到至]\s*(\d{4})\b/u, (m) => {
    from = Number(m[1] ?? m[3]);
    to = Number(m[2] ?? m[4]);
  });
  take(/(?:\bfrom\s+)?(?:\bthe\s+)?(?:'|’)?\b(19|20)?(\d)0(?:'|’)?s\b|(19|20)?(\d)0\s*年代/u, (m) => {
    const digit = Number(m[2] ?? m[4]);
    from = century(m[1] ?? m[3], digit) + digit * 10;
    to = from + 9;
  });
  take(/\b(?:before|until|older than|pre-?)\s*(\d{4})\b|(\d{4})\s*年?\s*(?:以前|之前)/u, (m) => {
    to = Number(m[1] ?? m[2]) - 1;
  });
  take(/\b(?:after|since|newer than|post-?)\s*(\d{4})\b|(\d{4})\s*年?\s*(?:以后|之后|以来)/u, (m) => {
    from = Number(m[1] ?? m[2]) + (/after|以后|之后/u.test(m[0]) ? 1 : 0);
  });
  take(/\b(?:in|from)\s+(\d{4})\b|(\d{4})\s*年(?!代)/u, (m) => {
    from = Number(m[1] ?? m[2]);
    to = from;
  });
  if (context.newestYear !== null) {
    take(/\b(?:recent|new|newer|latest|newest)\b|最新|最近|近年|新的/u, () => {
      from = Math.max(from ?? -Infinity, context.newestYear! - 4);
    });
  }
  if (!context.vocabulary.byKey.has('classic')) {
    take(/\b(?:old|classic|older|vintage)\b|经典|老电影|老片/u, () => {
      to = Math.min(to ?? Infinity, 1979);
    });
  }
  if (from === undefined && to === undefined) return { rest, range: null };
  return { rest, range: { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) } };
}
