import type { ProfileDescription } from '../explain/describe-profile';
import type { Reason } from '../explain/reasons';
import type { WritingLanguage } from './templates';

/**
 * Prompts for the local language model. Every prompt carries the facts it may use (titles,
 * summaries, tags and the ranking's reasons) and says to use nothing else; the output is then
 * checked (guards.ts) before it is shown.
 */
export interface ChatMessage {
  readonly role: 'system' | 'user';
  readonly content: string;
}

export interface PromptItem {
  readonly title: string;
  readonly summary?: string | undefined;
  readonly tags: readonly string[];
  readonly reasons: readonly Reason[];
}

const LANGUAGE: Record<WritingLanguage, string> = { en: 'English', zh: 'Simplified Chinese' };

function describeReasonFact(reason: Reason): string | null {
  switch (reason.kind) {
    case 'because-you-liked':
      return reason.via === 'neighbors' ? `people who liked "${reason.title}" (which the user liked) also liked it` : `it is similar to "${reason.title}", which the user liked`;
    case 'because-reading':
      return `it is related to "${reason.title}", which the user is reading now`;
    case 'readers-also-read':
      return `readers of "${reason.title}" (which the user is reading now) also read it`;
    case 'matches-interests':
      return `it matches the user's interest in ${reason.labels.join(', ')}`;
    case 'related-to-session':
      return 'it is related to what the user just looked at';
    case 'exploring':
      return `it is a deliberate change of pace (${reason.tag})`;
    case 'new':
      return `it is new (${reason.year})`;
    case 'popular':
      return `it is popular (${reason.popularity} ratings)`;
    case 'seen-before':
    case 'unlike-dislikes':
      return null;
  }
}

function itemFacts(item: PromptItem): string {
  const reasons = item.reasons.flatMap((r) => describeReasonFact(r) ?? []);
  return [
    `Title: "${item.title}"`,
    item.summary === undefined ? null : `Summary: ${item.summary.slice(0, 400)}`,
    item.tags.length === 0 ? null : `Tags: ${item.tags.slice(0, 10).join(', ')}`,
    reasons.length === 0 ? null : `Why it was picked: ${reasons.join('; ')}`,
  ]
    .filter((line) => line !== null)
    .join('\n');
}

const GROUNDING = 'Use only the facts given. Mention no title except the ones given, in double quotes. Do not invent plot details, people or numbers. No lists, no headings, no emoji.';

export function blurbPrompt(item: PromptItem, language: WritingLanguage): ChatMessage[] {
  return [
    { role: 'system', content: `You write one or two short sentences telling a user why they may like an item, in ${LANGUAGE[language]}. ${GROUNDING}` },
    { role: 'user', content: `${itemFacts(item)}\n\nWrite the sentence(s) now.` },
  ];
}

export function digestPrompt(items: readonly PromptItem[], language: WritingLanguage): ChatMessage[] {
  return [
    { role: 'system', content: `You write a short, friendly weekly digest (three or four sentences) of a user's top picks, in ${LANGUAGE[language]}. ${GROUNDING}` },
    { role: 'user', content: `${items.slice(0, 5).map((item, i) => `Pick ${i + 1}\n${itemFacts(item)}`).join('\n\n')}\n\nWrite the digest now.` },
  ];
}

export function profileSummaryPrompt(profile: ProfileDescription, language: WritingLanguage): ChatMessage[] {
  const interests = profile.interests
    .slice(0, 4)
    .map((i) => `- ${Math.round(i.share * 100)}% of their taste: ${i.tags.map((t) => t.tag).join(', ')}`)
    .join('\n');
  const avoided = profile.avoided.slice(0, 5).map((t) => t.tag).join(', ');
  return [
    { role: 'system', content: `You summarise a user's interest profile for them in two or three plain sentences, addressed to them ("you"), in ${LANGUAGE[language]}. Use only the facts given. No lists.` },
    { role: 'user', content: `Interests:\n${interests || '- none yet'}\nAvoids: ${avoided || 'nothing yet'}\n\nWrite the summary now.` },
  ];
}

/** The JSON the model must return for a conversational request (also sent as the response schema). */
export const INTENT_JSON_SCHEMA = {
  type: 'object',
  properties: {
    query: { type: 'string' },
    includeTags: { type: 'array', items: { type: 'string' } },
    excludeTags: { type: 'array', items: { type: 'string' } },
    yearFrom: { type: ['integer', 'null'] },
    yearTo: { type: ['integer', 'null'] },
    length: { enum: ['short', 'long', null] },
  },
  required: ['query', 'includeTags', 'excludeTags', 'yearFrom', 'yearTo', 'length'],
  additionalProperties: false,
} as const;

export function intentPrompt(request: string, tags: readonly string[]): ChatMessage[] {
  return [
    {
      role: 'system',
      content:
        'You turn a request for recommendations into JSON with the keys query, includeTags, excludeTags, yearFrom, yearTo, length. ' +
        'includeTags and excludeTags may only contain tags from the list given, spelled exactly as given. query holds any other words worth matching. ' +
        'length is "short", "long" or null. Years are integers or null. Answer with the JSON only.',
    },
    { role: 'user', content: `Tags: ${tags.slice(0, 300).join(', ')}\n\nRequest: ${request.slice(0, 500)}` },
  ];
}
