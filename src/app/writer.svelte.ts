import type { ProfileDescription } from '../core/explain/describe-profile';
import { templateBlurb, templateDigest, templateProfileSummary, type WritingLanguage } from '../core/generate/templates';
import type { GpuCapability } from '../engines/generation/capability';
import type { FeedEntry } from './session-types';

/** How Sift writes its blurbs, digest and profile summary right now, and why. */
export type WritingMode =
  | { readonly kind: 'checking' }
  /** Composed from the ranking's explanation signals (no local language model). */
  | { readonly kind: 'templates'; readonly capability: GpuCapability };

/** Sift's writing for the UI: the active mode and the texts, in the user's language. */
export class Writer {
  mode = $state.raw<WritingMode>({ kind: 'checking' });

  constructor(readonly language: WritingLanguage) {}

  /** Records what the browser can do; generation with a local model is opt-in (Settings). */
  capabilityChecked(capability: GpuCapability): void {
    this.mode = { kind: 'templates', capability };
  }

  blurb(entry: FeedEntry): string {
    return templateBlurb({ title: entry.item.title, reasons: entry.reasons }, this.language);
  }

  digest(feed: readonly FeedEntry[]): string {
    return templateDigest(
      feed.map((entry) => ({ title: entry.item.title, reasons: entry.reasons })),
      this.language,
    );
  }

  profileSummary(profile: ProfileDescription): string {
    return templateProfileSummary(profile, this.language);
  }
}

/** Chinese for a Chinese-speaking browser, English otherwise. */
export function writingLanguageOf(languages: readonly string[]): WritingLanguage {
  return languages[0]?.toLowerCase().startsWith('zh') === true ? 'zh' : 'en';
}
