import { describe, expect, it } from 'vitest';
import { passphraseStrength } from '../../src/engines/profile-file/passphrase-strength';

describe('the passphrase-strength hint (zxcvbn-ts, in the page)', () => {
  it('rates what attackers try first as weak, and several random words as strong, with advice', async () => {
    expect(await passphraseStrength('')).toEqual({ kind: 'empty' });
    for (const guessable of ['password', 'qwertyuiop', 'aaaaaaaaaaaa', 'letmein2024', 'Password1!']) expect((await passphraseStrength(guessable)).kind, guessable).toBe('weak');
    const strong = await passphraseStrength('ferry lantern quietly orbit mango');
    expect(strong.kind).toBe('strong');
    const weak = await passphraseStrength('password');
    expect(weak.kind === 'weak' && weak.warning).toMatch(/common|password/i);
  });
});
