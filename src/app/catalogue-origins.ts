/**
 * Where this deployment loads catalogues from: its own origin and the catalogue hosts the
 * deployer named (SIFT_CONNECT_ORIGINS), written by the build into each page as
 * `<meta name="sift-catalogue-origins">`. The Content-Security-Policy alone is not enough: it must
 * also let the model hosts through (for model files), and a catalogue placed on one of those
 * (a file on the hub anyone can upload) would otherwise load from any link. So the page checks
 * the catalogue's own list before asking for one, whatever the policy would allow.
 */
export const CATALOGUE_ORIGINS_META = 'sift-catalogue-origins';

export type CatalogueOriginPolicy =
  /** Any URL (the inline widget, whose host page chose the catalogue; Node and tests). */
  | { readonly kind: 'any' }
  /** The app's origin and these, as CSP source expressions: `https://a.example`, `https://*.cdn.example`, `http://127.0.0.1:*`. */
  | { readonly kind: 'listed'; readonly origins: readonly string[] };

/** The policy a page of this deployment follows: its own origin plus what the build wrote into the page. */
export function readCatalogueOrigins(document: Pick<Document, 'querySelector'>, appOrigin: string): CatalogueOriginPolicy {
  const listed = document.querySelector(`meta[name="${CATALOGUE_ORIGINS_META}"]`)?.getAttribute('content') ?? '';
  return { kind: 'listed', origins: [appOrigin, ...listed.split(/\s+/).filter((origin) => origin.length > 0)] };
}

/** Whether a catalogue at `url` may be loaded under `policy`. */
export function catalogueAllowed(policy: CatalogueOriginPolicy, url: string): boolean {
  if (policy.kind === 'any') return true;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return false;
  return policy.origins.some((source) => matchesSource(source, target));
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/** CSP's host-source matching, for the shapes parseConnectOrigins accepts. */
function matchesSource(source: string, target: URL): boolean {
  const parsed = /^(https?:)\/\/(\*\.)?([^:/]+)(?::(\d+|\*))?$/i.exec(source.trim());
  if (parsed === null) return false;
  const [, scheme, wildcard, host, port] = parsed;
  if (scheme!.toLowerCase() !== target.protocol) return false;
  const hostname = target.hostname.toLowerCase();
  const wanted = host!.toLowerCase();
  const hostMatches = wildcard === undefined ? hostname === wanted : hostname.endsWith(`.${wanted}`);
  if (!hostMatches) return false;
  const targetPort = target.port === '' ? DEFAULT_PORTS[target.protocol]! : target.port;
  if (port === '*') return true;
  return (port ?? DEFAULT_PORTS[target.protocol]!) === targetPort;
}
