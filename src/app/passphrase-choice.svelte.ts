import type { PassphraseStrength } from '../engines/profile-file/passphrase-strength';

/**
 * A passphrase being chosen for a sealed export (the app's Your data, the widget's Your profile):
 * typed twice, rated as it is typed, and good enough to seal with only when rated fair or
 * strong and typed the same both times.
 */
export class PassphraseChoice {
  passphrase = $state('');
  again = $state('');
  strength = $state.raw<PassphraseStrength>({ kind: 'empty' });

  /** `rateStrength`: the profile-file worker's rating (DataControls.rate). */
  constructor(private readonly rateStrength: (passphrase: string) => Promise<PassphraseStrength>) {}

  get canSeal(): boolean {
    return (this.strength.kind === 'fair' || this.strength.kind === 'strong') && this.passphrase === this.again;
  }

  /** Rates the passphrase now typed (call from an effect: it reads `passphrase`); a late answer for older text is dropped. */
  rate(): void {
    const typed = this.passphrase;
    void this.rateStrength(typed).then((result) => {
      if (typed === this.passphrase) this.strength = result;
    });
  }

  clear(): void {
    this.passphrase = '';
    this.again = '';
  }
}

/** Hands a file to the browser's downloads, as a link the reader clicked would. */
export function saveFile(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
