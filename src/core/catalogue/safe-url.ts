/**
 * Returns the absolute http(s) form of `raw`, or undefined for anything else
 * (javascript:, data:, blob:, malformed). Relative URLs resolve against `base`.
 */
export function toSafeHttpUrl(raw: unknown, base: string | undefined, maxLength: number): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const trimmed = raw.trim();
  if (trimmed.length === 0 || trimmed.length > maxLength) return undefined;
  let parsed: URL;
  try {
    parsed = base === undefined ? new URL(trimmed) : new URL(trimmed, base);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return parsed.href;
}
