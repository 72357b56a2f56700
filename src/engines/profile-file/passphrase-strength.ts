import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/**
 * The strength hint shown while the reader chooses the passphrase of a sealed export: zxcvbn-ts
 * (Dropbox's zxcvbn estimator, maintained as TypeScript) with its common-password, name and
 * English dictionaries and keyboard graphs, all in the page: the passphrase goes nowhere.
 * Loaded only when the export dialog opens (a few hundred kilobytes of dictionaries).
 */
export type PassphraseStrength =
  | { readonly kind: 'empty' }
  | {
      readonly kind: 'weak' | 'fair' | 'strong';
      /** zxcvbn's score, 0 (guessable) to 4 (very unguessable). */
      readonly score: number;
      /** Why it is guessable, and what would help (in English). */
      readonly warning: string | null;
      readonly suggestions: readonly string[];
    };

let estimator: Promise<ZxcvbnFactory> | null = null;

function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]).then(
    ([core, common, en]) => new core.ZxcvbnFactory({ dictionary: { ...common.dictionary, ...en.dictionary }, graphs: common.adjacencyGraphs, translations: en.translations }),
  );
  return estimator;
}

export async function passphraseStrength(passphrase: string): Promise<PassphraseStrength> {
  if (passphrase.trim() === '') return { kind: 'empty' };
  const result = (await loadEstimator()).check(passphrase.normalize('NFC'));
  const kind = result.score >= 4 ? 'strong' : result.score === 3 ? 'fair' : 'weak';
  return { kind, score: result.score, warning: result.feedback.warning, suggestions: result.feedback.suggestions };
}
