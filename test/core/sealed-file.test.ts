import { webcrypto } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ITERATIONS, isSealedFile, openFile, sealFile } from '../../src/core/personal/sealed-file';

// The same WebCrypto the browser has (Node's implements the Web Crypto API).
const subtle = webcrypto.subtle as unknown as SubtleCrypto;
const random = (): { salt: Uint8Array; iv: Uint8Array } => ({ salt: webcrypto.getRandomValues(new Uint8Array(16)), iv: webcrypto.getRandomValues(new Uint8Array(12)) });
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
// Property runs seal with few iterations to stay fast, and open with the floor lowered to match.
const FEW = 1_000;

describe('a sealed export', () => {
  it('opens with its passphrase to exactly what was sealed, at the default 600,000 iterations', async () => {
    const payload = text(JSON.stringify({ format: 'sift-personal-data', events: [{ kind: 'like', itemId: '早餐-1', at: 1 }] }));
    const started = performance.now();
    const file = await sealFile(payload, 'correct horse battery staple', random(), subtle);
    const sealMs = performance.now() - started;
    expect(isSealedFile(file)).toBe(true);
    expect(new DataView(file.buffer).getUint32(10, true)).toBe(DEFAULT_ITERATIONS);
    // Nothing of the payload is readable in the file.
    expect(new TextDecoder().decode(file)).not.toContain('早餐');
    const opened = await openFile(file, 'correct horse battery staple', subtle);
    expect(opened).toEqual({ kind: 'ok', payload });
    console.log(`sealed-file: sealing with ${DEFAULT_ITERATIONS.toLocaleString('en')} PBKDF2 iterations took ${Math.round(sealMs)} ms here`);
  }, 30_000);

  it('the passphrase is compared as Unicode text: a composed and a decomposed é are one passphrase', async () => {
    const file = await sealFile(text('x'), 'caf\u00e9', random(), subtle, FEW);
    expect((await openFile(file, 'cafe\u0301', subtle, FEW)).kind).toBe('ok');
  });

  it('a wrong passphrase, any changed byte or a cut file opens to a reason, never to data (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 200 }), fc.string({ minLength: 1, maxLength: 20 }), fc.nat(), fc.integer({ min: 1, max: 255 }), async (payload, passphrase, at, delta) => {
        const file = await sealFile(payload, passphrase, random(), subtle, FEW);
        expect(await openFile(file, passphrase, subtle, FEW)).toEqual({ kind: 'ok', payload });
        expect((await openFile(file, `${passphrase}x`, subtle, FEW)).kind).toBe('invalid');
        const changed = file.slice();
        changed[at % file.length] = (changed[at % file.length]! + delta) % 256;
        expect((await openFile(changed, passphrase, subtle, FEW)).kind).toBe('invalid');
        expect((await openFile(file.subarray(0, at % file.length), passphrase, subtle, FEW)).kind).toBe('invalid');
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('names each problem: not sealed, a newer version, too many or too few iterations, a wrong passphrase', async () => {
    const file = await sealFile(text('data'), 'pass phrase', random(), subtle, FEW);
    expect(await openFile(text('{"format":"sift-personal-data"}'), 'p', subtle)).toEqual({ kind: 'invalid', problem: { kind: 'not-sealed' } });
    const newer = file.slice();
    newer[8] = 2;
    expect(await openFile(newer, 'pass phrase', subtle, FEW)).toEqual({ kind: 'invalid', problem: { kind: 'unsupported-version', version: 2 } });
    // A file that asks for four billion iterations is refused before any hashing.
    const heavy = file.slice();
    new DataView(heavy.buffer).setUint32(10, 4_000_000_000, true);
    expect(await openFile(heavy, 'pass phrase', subtle, FEW)).toEqual({ kind: 'invalid', problem: { kind: 'iterations-out-of-range', iterations: 4_000_000_000 } });
    // Fewer than Sift ever writes: refused in a reader's browser.
    expect(await openFile(file, 'pass phrase', subtle)).toEqual({ kind: 'invalid', problem: { kind: 'iterations-out-of-range', iterations: FEW } });
    expect(await openFile(file, 'wrong', subtle, FEW)).toEqual({ kind: 'invalid', problem: { kind: 'wrong-passphrase-or-damaged' } });
  });

  it('refuses to seal with a salt or nonce of the wrong size', async () => {
    await expect(sealFile(text('x'), 'p', { salt: new Uint8Array(8), iv: new Uint8Array(12) }, subtle, FEW)).rejects.toThrow(RangeError);
    await expect(sealFile(text('x'), 'p', { salt: new Uint8Array(16), iv: new Uint8Array(8) }, subtle, FEW)).rejects.toThrow(RangeError);
  });
});
