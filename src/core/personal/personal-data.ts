import { ITEM_EVENT_KINDS, MAX_TAG_FACTOR, type InteractionEvent, type ItemEventKind, type ShownSignals } from '../events/interaction-event';
import { SIGNALS, type SignalName } from '../rank/signals';

/**
 * Everything personal Sift holds, as one versioned JSON file the user can keep, read and bring
 * to another browser (README "Your data"). Catalogue content and indexes are not personal and
 * are fetched again; profiles are derived from events and rebuilt from them on import.
 */
export const PERSONAL_DATA_FORMAT = 'sift-personal-data';
export const PERSONAL_DATA_VERSION = 1;

export interface PersonalCatalogueData {
  readonly id: string;
  readonly sourceUrl: string;
  readonly title: string;
  /** Oldest first. */
  readonly events: readonly InteractionEvent[];
  /** The derived interest profile as it was stored (informative; import rebuilds it from events). */
  readonly profile: unknown;
  /**
   * What compaction kept of events deleted to free storage (informative: an import rebuilds
   * from the events in the file, so what only the summary held is not brought back).
   */
  readonly summary?: unknown;
  /** Keys (eventKey) of events the reader deleted: an import never brings them back (merge-history.ts). */
  readonly forgotten?: readonly string[];
}

export interface PersonalData {
  readonly format: typeof PERSONAL_DATA_FORMAT;
  readonly version: typeof PERSONAL_DATA_VERSION;
  readonly exportedAt: string;
  readonly catalogues: readonly PersonalCatalogueData[];
  readonly settings: { readonly catalogueUrl?: string; readonly activeCatalogueId?: string; readonly onboardingDismissed?: string };
}

export type PersonalDataProblem =
  | { readonly kind: 'too-large'; readonly bytes: number }
  | { readonly kind: 'not-json'; readonly detail: string }
  | { readonly kind: 'wrong-format'; readonly found: string }
  | { readonly kind: 'unsupported-version'; readonly found: string }
  | { readonly kind: 'malformed'; readonly detail: string };

export type PersonalDataParseResult =
  | { readonly kind: 'ok'; readonly data: PersonalData; readonly skippedEvents: number; readonly skippedCatalogues: number }
  | { readonly kind: 'invalid'; readonly problem: PersonalDataProblem };

export const MAX_PERSONAL_DATA_BYTES = 64 * 1024 * 1024;
const MAX_ID = 512;
const MAX_TEXT = 2000;
const MAX_URL = 4096;
const MAX_FORGET_TAGS = 32;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const shortString = (value: unknown, max: number): value is string => typeof value === 'string' && value.length > 0 && value.length <= max;
const ITEM_KINDS: ReadonlySet<string> = new Set(ITEM_EVENT_KINDS);
const SIGNAL_NAMES: ReadonlySet<string> = new Set(SIGNALS);

function parseShown(value: unknown): ShownSignals | null | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) return null;
  const shown: Partial<Record<SignalName, number>> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!SIGNAL_NAMES.has(key) || typeof v !== 'number' || !Number.isFinite(v)) return null;
    shown[key as SignalName] = v;
  }
  return shown;
}

/** One event, rebuilt from known fields only; null when it is not a valid event. */
export function parseEvent(value: unknown): InteractionEvent | null {
  if (!isRecord(value) || typeof value.kind !== 'string') return null;
  const at = value.at;
  if (typeof at !== 'number' || !Number.isFinite(at) || at < 0) return null;
  if (ITEM_KINDS.has(value.kind)) {
    if (!shortString(value.itemId, MAX_ID)) return null;
    const shown = parseShown(value.shown);
    if (shown === null) return null;
    return { kind: value.kind as ItemEventKind, itemId: value.itemId, at, ...(shown === undefined ? {} : { shown }) };
  }
  if (value.kind === 'dwell') {
    const seconds = value.seconds;
    if (!shortString(value.itemId, MAX_ID) || typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return null;
    return { kind: 'dwell', itemId: value.itemId, at, seconds };
  }
  if (value.kind === 'search') return shortString(value.query, MAX_TEXT) ? { kind: 'search', query: value.query, at } : null;
  if (value.kind === 'stated-interest') return shortString(value.text, MAX_TEXT) ? { kind: 'stated-interest', text: value.text, at } : null;
  if (value.kind === 'ask') {
    const include = value.include;
    if (!shortString(value.text, MAX_TEXT) || !Array.isArray(include) || include.length > MAX_FORGET_TAGS || !include.every((tag) => shortString(tag, MAX_ID))) return null;
    return { kind: 'ask', text: value.text, include: include as string[], at };
  }
  if (value.kind === 'tag-weight') {
    const factor = value.factor;
    if (!shortString(value.tag, MAX_ID) || typeof factor !== 'number' || !Number.isFinite(factor) || factor < 0 || factor > MAX_TAG_FACTOR) return null;
    return { kind: 'tag-weight', tag: value.tag, factor, at };
  }
  if (value.kind === 'forget-interest') {
    const tags = value.tags;
    if (!Array.isArray(tags) || tags.length === 0 || tags.length > MAX_FORGET_TAGS || !tags.every((tag) => shortString(tag, MAX_ID))) return null;
    return { kind: 'forget-interest', tags: tags as string[], at };
  }
  return null;
}

/**
 * Validates an export file: the envelope must be right; inside it, events that are not valid
 * are skipped and counted (and catalogues without a usable id), everything else is kept.
 * Never throws.
 */
export function parsePersonalData(text: string): PersonalDataParseResult {
  if (text.length > MAX_PERSONAL_DATA_BYTES) return { kind: 'invalid', problem: { kind: 'too-large', bytes: text.length } };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { kind: 'invalid', problem: { kind: 'not-json', detail: error instanceof Error ? error.message : String(error) } };
  }
  if (!isRecord(raw)) return { kind: 'invalid', problem: { kind: 'malformed', detail: 'not a JSON object' } };
  if (raw.format !== PERSONAL_DATA_FORMAT) return { kind: 'invalid', problem: { kind: 'wrong-format', found: String(raw.format).slice(0, 80) } };
  if (raw.version !== PERSONAL_DATA_VERSION) return { kind: 'invalid', problem: { kind: 'unsupported-version', found: String(raw.version).slice(0, 20) } };
  if (!Array.isArray(raw.catalogues)) return { kind: 'invalid', problem: { kind: 'malformed', detail: '"catalogues" is not a list' } };

  let skippedEvents = 0;
  let skippedCatalogues = 0;
  const catalogues: PersonalCatalogueData[] = [];
  const seenIds = new Set<string>();
  for (const entry of raw.catalogues as unknown[]) {
    if (!isRecord(entry) || !shortString(entry.id, MAX_ID) || seenIds.has(entry.id) || !Array.isArray(entry.events)) {
      skippedCatalogues += 1;
      continue;
    }
    seenIds.add(entry.id);
    const events: InteractionEvent[] = [];
    for (const candidate of entry.events as unknown[]) {
      const event = parseEvent(candidate);
      if (event === null) skippedEvents += 1;
      else events.push(event);
    }
    events.sort((a, b) => a.at - b.at);
    // Tombstones are keys as eventKey writes them: short JSON strings; anything else is left out.
    const forgotten = Array.isArray(entry.forgotten) ? (entry.forgotten as unknown[]).filter((key): key is string => shortString(key, MAX_TEXT * 2)) : [];
    catalogues.push({
      id: entry.id,
      sourceUrl: shortString(entry.sourceUrl, MAX_URL) ? entry.sourceUrl : '',
      title: shortString(entry.title, MAX_TEXT) ? entry.title : entry.id,
      events,
      profile: null,
      ...(forgotten.length === 0 ? {} : { forgotten }),
    });
  }
  const settings = isRecord(raw.settings) ? raw.settings : {};
  const setting = (key: string): string | undefined => (shortString(settings[key], MAX_URL) ? (settings[key] as string) : undefined);
  const catalogueUrl = setting('catalogueUrl');
  const activeCatalogueId = setting('activeCatalogueId');
  const onboardingDismissed = setting('onboardingDismissed');
  return {
    kind: 'ok',
    data: {
      format: PERSONAL_DATA_FORMAT,
      version: PERSONAL_DATA_VERSION,
      exportedAt: shortString(raw.exportedAt, 64) ? raw.exportedAt : '',
      catalogues,
      settings: {
        ...(catalogueUrl === undefined ? {} : { catalogueUrl }),
        ...(activeCatalogueId === undefined ? {} : { activeCatalogueId }),
        ...(onboardingDismissed === undefined ? {} : { onboardingDismissed }),
      },
    },
    skippedEvents,
    skippedCatalogues,
  };
}

/** Identity of an event for merging: the same thing done at the same moment is one event. */
export function eventKey(event: InteractionEvent): string {
  return JSON.stringify([event.kind, eventSubject(event), event.at]);
}

function eventSubject(event: InteractionEvent): string {
  switch (event.kind) {
    case 'search':
      return event.query;
    case 'stated-interest':
    case 'ask':
      return event.text;
    case 'tag-weight':
      return `${event.tag}×${event.factor}`;
    case 'forget-interest':
      return event.tags.join(',');
    default:
      return event.itemId;
  }
}
