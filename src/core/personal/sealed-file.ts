/**
 * A personal-data export sealed with a passphrase: the most personal file Sift makes, safe to
 * leave in a Downloads folder or send through a chat. Version 1, bytes:
 *
 *   "SIFTSEAL"          8   magic
 *   version             1   1
 *   kdf                 1   1 = PBKDF2-HMAC-SHA-256
 *   iterations          4   u32 little-endian, MIN_ITERATIONS … MAX_ITERATIONS
 *   salt length         1   16
 *   salt                16
 *   iv                  12  AES-GCM nonce
 *   ciphertext          …   AES-GCM-256 of the payload, its 16-byte tag at the end
 *
 * Everything before the ciphertext is the cipher's additional data: changing the iterations, the
 * salt or the version fails authentication like changing the ciphertext does. The key comes from
 * the passphrase (Unicode NFC) by PBKDF2-HMAC-SHA-256 at 600,000 iterations, OWASP's figure for
 * that function. PBKDF2 rather than Argon2id: the browser's own WebCrypto runs it natively, with
 * no WebAssembly to ship or trust, in Node the same way for the tests. Argon2id would cost an
 * attacker with GPUs more per guess; a long passphrase (the strength hint asks for one) matters more.
 *
 * Pure but for the WebCrypto it is handed, and the salt and nonce it is given (fresh random
 * bytes for every export: a repeated nonce under one key would break GCM).
 */
export const SEALED_MAGIC = 'SIFTSEAL';
export const SEALED_VERSION = 1;
const KDF_PBKDF2_SHA256 = 1;
export const DEFAULT_ITERATIONS = 600_000;
/** Files asking for fewer are refused (weaker than Sift ever writes); for more, refused too (a file must not make the reader's browser hash for minutes). */
export const MIN_ITERATIONS = 100_000;
export const MAX_ITERATIONS = 10_000_000;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const HEADER_BYTES = 8 + 1 + 1 + 4 + 1 + SALT_BYTES + IV_BYTES;
const TAG_BYTES = 16;

export type SealedFileProblem =
  | { readonly kind: 'not-sealed' }
  | { readonly kind: 'unsupported-version'; readonly version: number }
  | { readonly kind: 'unsupported-kdf'; readonly kdf: number }
  | { readonly kind: 'iterations-out-of-range'; readonly iterations: number }
  | { readonly kind: 'truncated' }
  /** AES-GCM's tag did not verify: a wrong passphrase, or a file changed after it was sealed (the two cannot be told apart). */
  | { readonly kind: 'wrong-passphrase-or-damaged' };

export type OpenedFile = { readonly kind: 'ok'; readonly payload: Uint8Array } | { readonly kind: 'invalid'; readonly problem: SealedFileProblem };

export interface SealRandom {
  readonly salt: Uint8Array;
  readonly iv: Uint8Array;
}

export function isSealedFile(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && new TextDecoder().decode(bytes.subarray(0, 8)) === SEALED_MAGIC;
}

export async function sealFile(payload: Uint8Array, passphrase: string, random: SealRandom, subtle: SubtleCrypto, iterations = DEFAULT_ITERATIONS): Promise<Uint8Array> {
  if (random.salt.length !== SALT_BYTES || random.iv.length !== IV_BYTES) throw new RangeError(`a seal needs a ${SALT_BYTES}-byte salt and a ${IV_BYTES}-byte nonce`);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) throw new RangeError('iterations out of range');
  const header = new Uint8Array(HEADER_BYTES);
  header.set(new TextEncoder().encode(SEALED_MAGIC), 0);
  header[8] = SEALED_VERSION;
  header[9] = KDF_PBKDF2_SHA256;
  new DataView(header.buffer).setUint32(10, iterations, true);
  header[14] = SALT_BYTES;
  header.set(random.salt, 15);
  header.set(random.iv, 15 + SALT_BYTES);
  const key = await deriveKey(passphrase, random.salt, iterations, subtle, 'encrypt');
  const sealed = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv: copy(random.iv), additionalData: header, tagLength: 128 }, key, copy(payload)));
  const file = new Uint8Array(HEADER_BYTES + sealed.length);
  file.set(header, 0);
  file.set(sealed, HEADER_BYTES);
  return file;
}

/**
 * The payload, or why not. `minIterations` is for tests only (they seal with few iterations to
 * stay fast); a reader's file is held to MIN_ITERATIONS.
 */
export async function openFile(file: Uint8Array, passphrase: string, subtle: SubtleCrypto, minIterations = MIN_ITERATIONS): Promise<OpenedFile> {
  const invalid = (problem: SealedFileProblem): OpenedFile => ({ kind: 'invalid', problem });
  if (!isSealedFile(file)) return invalid({ kind: 'not-sealed' });
  if (file.length < 10) return invalid({ kind: 'truncated' });
  if (file[8] !== SEALED_VERSION) return invalid({ kind: 'unsupported-version', version: file[8]! });
  if (file[9] !== KDF_PBKDF2_SHA256) return invalid({ kind: 'unsupported-kdf', kdf: file[9]! });
  if (file.length < HEADER_BYTES + TAG_BYTES) return invalid({ kind: 'truncated' });
  const iterations = new DataView(file.buffer, file.byteOffset, file.byteLength).getUint32(10, true);
  if (iterations < minIterations || iterations > MAX_ITERATIONS) return invalid({ kind: 'iterations-out-of-range', iterations });
  if (file[14] !== SALT_BYTES) return invalid({ kind: 'not-sealed' });
  const salt = file.slice(15, 15 + SALT_BYTES);
  const iv = file.slice(15 + SALT_BYTES, HEADER_BYTES);
  const key = await deriveKey(passphrase, salt, iterations, subtle, 'decrypt');
  try {
    const payload = await subtle.decrypt({ name: 'AES-GCM', iv, additionalData: file.slice(0, HEADER_BYTES), tagLength: 128 }, key, file.slice(HEADER_BYTES));
    return { kind: 'ok', payload: new Uint8Array(payload) };
  } catch {
    return invalid({ kind: 'wrong-passphrase-or-damaged' });
  }
}

async function deriveKey(passphrase: string, salt: Uint8Array, iterations: number, subtle: SubtleCrypto, usage: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  const material = await subtle.importKey('raw', new TextEncoder().encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: copy(salt), iterations }, material, { name: 'AES-GCM', length: 256 }, false, [usage]);
}

/** The bytes in an ArrayBuffer of their own (WebCrypto's BufferSource wants one, not a view on a shared one). */
function copy(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}
