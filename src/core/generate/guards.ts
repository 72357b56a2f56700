/**
 * Checks on what a language model wrote before it is shown: not empty, and naming no title
 * outside the items it was told about. Quoted phrases ("…", “…”, 《…》) must be one of the
 * allowed titles; and no other catalogue title may appear at all.
 */
export type GuardResult = { readonly kind: 'ok'; readonly text: string } | { readonly kind: 'empty' } | { readonly kind: 'unknown-title'; readonly title: string };

const QUOTED = /"([^"]{2,120})"|“([^”]{2,120})”|《([^》]{1,120})》|«([^»]{2,120})»/gu;

const fold = (text: string): string => text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

export function checkGenerated(text: string, allowedTitles: readonly string[], catalogueTitles: Iterable<string> = []): GuardResult {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { kind: 'empty' };
  const allowed = allowedTitles.map(fold);
  const isAllowed = (title: string): boolean => {
    const folded = fold(title);
    return allowed.some((a) => a === folded || a.startsWith(folded) || folded.startsWith(a));
  };
  for (const match of trimmed.matchAll(QUOTED)) {
    const quoted = match[1] ?? match[2] ?? match[3] ?? match[4] ?? '';
    if (!isAllowed(quoted)) return { kind: 'unknown-title', title: quoted };
  }
  const body = fold(trimmed);
  for (const title of catalogueTitles) {
    // Short titles ("Up", "It") are ordinary words; only distinctive ones are checked.
    if (title.length < 6) continue;
    const folded = fold(title);
    if (body.includes(folded) && !isAllowed(title)) return { kind: 'unknown-title', title };
  }
  return { kind: 'ok', text: trimmed };
}
