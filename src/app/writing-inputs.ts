import type { PromptItem } from '../core/generate/prompts';
import type { WritingLanguage } from '../core/generate/templates';
import type { FeedEntry } from './session-types';

/** What a feed card gives the writing: its template input, its prompt item, and the titles a text about it may name. */
export function toBlurbInput(entry: FeedEntry): { title: string; reasons: FeedEntry['reasons'] } {
  return { title: entry.item.title, reasons: entry.reasons };
}

export function toPromptItem(entry: FeedEntry): PromptItem {
  return { title: entry.item.title, summary: entry.item.summary, tags: entry.item.tags, reasons: entry.reasons };
}

/** The titles a text about this entry may name: its own and those its reasons cite. */
export function titlesOf(entry: FeedEntry): string[] {
  return [entry.item.title, ...entry.reasons.flatMap((reason) => (reason.kind === 'because-you-liked' || reason.kind === 'because-reading' || reason.kind === 'readers-also-read' ? [reason.title] : []))];
}

/** Chinese for a Chinese-speaking browser, English otherwise. */
export function writingLanguageOf(languages: readonly string[]): WritingLanguage {
  return languages[0]?.toLowerCase().startsWith('zh') === true ? 'zh' : 'en';
}
