import type { RankingIssue } from '../../core/catalogue/ranking-priors';
import type { SealedFileProblem } from '../../core/personal/sealed-file';
import type { PersonalDataProblem } from '../../core/personal/personal-data';
import type { CardAction, Notice } from '../../app/session-types';
import type { CatalogueProblem } from '../../core/catalogue/parse-catalogue';
import type { InteractionEvent, InteractionKind } from '../../core/events/interaction-event';
import type { ConversationalIntent, IntentNote } from '../../core/intent/intent';
import type { WritingMode } from '../../app/writer.svelte';
import type { Reason } from '../../core/explain/reasons';
import type { CatalogueLoadError } from '../../engines/catalogue/fetch-catalogue';

/** Every user-facing sentence about reasons, errors and events, in one place. */

export function describeReason(reason: Reason): string {
  switch (reason.kind) {
    case 'matches-interests':
      return `Matches your interest in ${joinWords(reason.labels)}`;
    case 'because-you-liked':
      return reason.via === 'neighbors' ? `People who liked ${reason.title} also liked this` : `Because you liked ${reason.title}`;
    case 'because-reading':
      return `More like ${reason.title}`;
    case 'readers-also-read':
      return `People who liked ${reason.title} also liked this`;
    case 'related-to-session':
      return 'Related to what you just looked at';
    case 'exploring':
      return `Something different: exploring ${reason.tag}`;
    case 'new':
      return `New (${reason.year})`;
    case 'popular':
      return `Popular: ${reason.popularity.toLocaleString('en')} ratings`;
    case 'seen-before':
      return 'You have seen this before';
    case 'unlike-dislikes':
      return `Despite ${joinWords(reason.labels)}, which you disliked`;
  }
}

export function describeLoadError(error: CatalogueLoadError): string {
  switch (error.kind) {
    case 'network':
      return `Could not reach ${error.url}. Check the address or your connection.`;
    case 'not-allowed':
      return `This Sift may load catalogues only from the sites its security policy allows, and ${new URL(error.url).origin} is not one of them. Whoever runs this Sift can add it: SIFT_CONNECT_ORIGINS at build time (docs/using.md, “Pointing Sift at another catalogue”).`;
    case 'http':
      return `The server answered ${error.status}${error.status === 404 ? ' (not found)' : ''} for ${error.url}.`;
    case 'too-large':
      return `The catalogue at ${error.url} is too large (${Math.round(error.bytes / 1_048_576)} MiB; the limit is 64 MiB).`;
    case 'invalid':
      return `The file at ${error.url} is not a usable catalogue: ${describeProblem(error.problem)}.`;
  }
}

function describeProblem(problem: CatalogueProblem): string {
  switch (problem.kind) {
    case 'not-json':
      return 'it is not valid JSON';
    case 'not-an-object':
      return 'it is not a JSON object';
    case 'wrong-format':
      return `its "format" is ${problem.found}, expected "sift-catalog"`;
    case 'unsupported-version':
      return `its version ${problem.found} is not supported (this Sift reads version 1)`;
    case 'missing-field':
      return `the "${problem.field}" field is missing`;
    case 'no-valid-items':
      return `none of its ${problem.skipped} items is valid`;
  }
}

/** The site's tuned priors are advice: what was ignored is named, Sift's own value used instead. */
function describeRankingIssues(issues: readonly RankingIssue[]): string {
  if (issues.length === 0) return '';
  const first = issues[0]!;
  const reason =
    first.kind === 'not-an-object'
      ? `${first.field} is not an object`
      : first.kind === 'unknown-signal'
        ? `${first.field} is not a signal Sift knows`
        : first.kind === 'not-a-ramp'
          ? `${first.field} needs whole numbers of events, cold_until below warm_from, within ${first.min}–${first.max}`
          : `${first.field} is outside ${first.min}–${first.max}`;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return ` Part of its ranking settings was ignored: ${reason}${more}; Sift's own values are used there.`;
}

export function describeNotice(notice: Notice): string {
  switch (notice.kind) {
    case 'catalogue-failed':
      return `${describeLoadError(notice.error)} Still showing “${notice.keptTitle}”.`;
    case 'catalogue-loaded':
      return `Loaded “${notice.title}”: ${notice.itemCount.toLocaleString('en')} items${
        notice.skippedCount > 0 ? `, ${notice.skippedCount.toLocaleString('en')} invalid items skipped` : ''
      }.${describeRankingIssues(notice.rankingIssues)}${
        notice.keptApart === null
          ? ''
          : ` It comes from ${notice.keptApart.origin} but uses the name of a catalogue you have from ${notice.keptApart.sharesIdWith}, so Sift keeps the two apart: what you did with the one from ${notice.keptApart.sharesIdWith} is not used here, and it is still there when you load that one again.`
      }`;
    case 'storage-failed':
      return `Could not save to this browser's storage (${notice.detail}). Your latest actions may not survive a reload.`;
    case 'storage-compacted':
      return `This browser's storage for Sift was full, so your ${notice.eventCount.toLocaleString('en')} oldest history entries were summarised into your profile and deleted. What Sift learnt from them is kept.`;
  }
}

const EVENT_LABELS: Record<InteractionKind, string> = {
  impression: 'Shown',
  skip: 'Passed over',
  open: 'Opened',
  dwell: 'Read',
  like: 'Liked',
  unlike: 'Removed like',
  dislike: 'Not for me',
  hide: 'Hid',
  save: 'Saved',
  unsave: 'Unsaved',
  search: 'Searched',
  'stated-interest': 'Said you like',
  ask: 'Asked for',
  'tag-weight': 'Changed an interest',
  'forget-interest': 'Removed an interest',
};

export function describeEventKind(kind: InteractionKind): string {
  return EVENT_LABELS[kind];
}

/** What a conversational request was understood as, as short labels ("Sci-Fi", "not Horror", "1990–1999"). */
export function describeIntent(intent: ConversationalIntent): string[] {
  const parts = [...intent.includeTags, ...intent.excludeTags.map((tag) => `not ${tag}`)];
  const { years } = intent;
  if (years !== null) {
    if (years.from !== undefined && years.to !== undefined) parts.push(years.from === years.to ? `${years.from}` : `${years.from}–${years.to}`);
    else if (years.from !== undefined) parts.push(`${years.from} or later`);
    else if (years.to !== undefined) parts.push(`${years.to} or earlier`);
  }
  if (intent.length !== null) parts.push(intent.length);
  if (intent.query !== '') parts.push(`“${intent.query}”`);
  return parts;
}

export function describeIntentNote(note: IntentNote): string {
  switch (note.kind) {
    case 'length-unavailable':
      return `This catalogue does not say how long items are, so “${note.length}” could not be applied.`;
    case 'unknown-tag':
      return `“${note.tag}” is not one of this catalogue's tags, so it could not be left out.`;
    case 'nothing-understood':
      return 'Sift did not find a tag, year or wish it knows in that; try naming a genre or topic.';
  }
}

/** What an event was about, for the history: an item's title, a search, a stated interest or an edit. */
export function describeEventSubject(event: InteractionEvent, titleOf: (itemId: string) => string | undefined): string {
  switch (event.kind) {
    case 'search':
      return event.query;
    case 'stated-interest':
    case 'ask':
      return event.text;
    case 'tag-weight':
      return event.factor === 0 ? `${event.tag} (removed)` : `${event.tag} (${event.factor > 1 ? 'more' : 'less'})`;
    case 'forget-interest':
      return event.tags.join(', ');
    default:
      return titleOf(event.itemId) ?? event.itemId;
  }
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** Which writer is active and why, in a sentence (shown with the digest and in Settings). */
export function describeWritingMode(mode: WritingMode): string {
  if (mode.kind === 'checking') return 'Checking what this browser can do…';
  if (mode.kind === 'downloading') return `Downloading ${mode.model.label} (${Math.round(mode.progress.progress * 100)}%); until it is ready, Sift writes from the ranking’s reasons.`;
  if (mode.kind === 'model') {
    const where = mode.runsOn === undefined ? '' : ` ${mode.runsOn.backend.device === 'webgpu' ? 'on the GPU (WebGPU)' : 'on the CPU (WebAssembly)'}`;
    return `Written on this device by ${mode.model.label}${where}, checked against the items it was told about (prompts never leave the device).`;
  }
  if (mode.failure !== undefined) return `The language model could not start (${mode.failure}); Sift writes from the ranking’s reasons on this device.`;
  const prefix = 'Written from the ranking’s reasons on this device';
  const cpu = 'a small language model can still run on the CPU (WebAssembly), slowly: see Settings → Writing.';
  switch (mode.capability.kind) {
    case 'no-webgpu':
      return `${prefix}: this browser has no WebGPU; ${cpu}`;
    case 'no-adapter':
      return `${prefix}: WebGPU found no graphics adapter; ${cpu}`;
    case 'software-adapter':
      return `${prefix}: the only graphics adapter is a software one (${mode.capability.description}), too slow for a GPU language model; ${cpu}`;
    case 'available':
      return `${prefix}. This device could run a small local language model (${mode.capability.description}${mode.capability.shaderF16 ? ', 16-bit shaders' : ''}): see Settings → Writing.`;
  }
}

export const GENERATION_MODE_TEXT = {
  rules: 'Understood by Sift’s built-in rules, on this device (no on-device language model is running in this browser).',
  model: 'Understood by the language model running on this device; its answer was checked against this catalogue’s tags.',
} as const;

export const APP_STATUS_TEXT = {
  offline: 'You are offline. Sift keeps working: recommendations, likes and history all live on this device.',
  updateReady: 'A new version of Sift is ready.',
  reload: 'Reload',
  later: 'Later',
  offlineReady: 'Sift is saved on this device and now opens without a network.',
  rankerRecovering: 'Sift’s background worker stopped answering and is being restarted. Recommendations keep coming from this page meanwhile (a little slower).',
} as const;

export function describePersonalDataProblem(problem: PersonalDataProblem): string {
  switch (problem.kind) {
    case 'too-large':
      return `it is too large (${Math.round(problem.bytes / 1_048_576)} MiB; the limit is 64 MiB)`;
    case 'not-json':
      return 'it is not valid JSON';
    case 'wrong-format':
      return `it is not a Sift data export ("format" is ${problem.found === 'undefined' ? 'missing' : `"${problem.found}"`})`;
    case 'unsupported-version':
      return `it is from a newer Sift (version ${problem.found})`;
    case 'malformed':
      return problem.detail;
  }
}

export function describeSealedFileProblem(problem: SealedFileProblem): string {
  switch (problem.kind) {
    case 'wrong-passphrase-or-damaged':
      return 'The passphrase is wrong, or the file was changed or cut short after it was exported.';
    case 'unsupported-version':
      return `The file is from a newer Sift (sealed format ${problem.version}); update this one first.`;
    case 'unsupported-kdf':
    case 'iterations-out-of-range':
    case 'not-sealed':
      return 'The file is not one Sift wrote.';
    case 'truncated':
      return 'The file is incomplete.';
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(0)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

export const PERSIST_TEXT: Readonly<Record<'unknown' | 'persisted' | 'not-persisted' | 'refused' | 'unsupported', string>> = {
  unknown: 'Checking…',
  persisted: 'The browser will keep Sift’s data even when space runs low.',
  'not-persisted': 'The browser may clear Sift’s data if space runs low.',
  refused: 'The browser declined to promise it will keep Sift’s data (it often agrees once Sift is installed or used more).',
  unsupported: 'This browser does not report storage use.',
};

const ACTION_DONE: Readonly<Record<CardAction, (title: string) => string>> = {
  open: (title) => `Opened ${title}.`,
  like: (title) => `Liked ${title}.`,
  unlike: (title) => `Took back your like of ${title}.`,
  dislike: (title) => `Marked ${title} as not for you.`,
  hide: (title) => `Hid ${title}.`,
  save: (title) => `Saved ${title}.`,
  unsave: (title) => `Removed ${title} from Saved.`,
};

/** What the polite live region says after an action on a card: "Liked Alien. 3 new recommendations." */
export function describeFeedChange(action: CardAction, title: string, newCount: number): string {
  const change = newCount === 0 ? 'No new recommendations.' : newCount === 1 ? '1 new recommendation.' : `${newCount} new recommendations.`;
  return `${ACTION_DONE[action](title)} ${change}`;
}
