/**
 * Sift's Content-Security-Policy. Scripts only from the app's own files (no inline script, no
 * eval; WebAssembly compilation is allowed for the ranking kernels), workers from the app (and
 * blob: stubs, which the widget needs on other sites), and network connections only to the
 * app's own origin plus the origins the deployer names (catalogue hosts, model hosts).
 * Delivered as a <meta> in index.html and as a header for every file (see `_headers`), because
 * a worker follows the policy of its own script's response, not the page's.
 */
export interface CspOptions {
  /** Origins besides the app's own that catalogues and models may be fetched from. */
  readonly connectOrigins: readonly string[];
}

export function contentSecurityPolicy(options: CspOptions): string {
  const connect = ["'self'", ...options.connectOrigins].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    `connect-src ${connect}`,
    // Catalogue images live on the catalogue's hosts (README, Privacy: what the network sees).
    "img-src 'self' https: data: blob:",
    "style-src 'self'",
    "font-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * Where web-llm downloads its prebuilt models (weights from the Hugging Face hub, which
 * redirects to its CDNs; compiled model libraries from GitHub). Allowed by default so that
 * local writing can be turned on; SIFT_MODEL_ORIGINS replaces the list ("none" for none).
 */
export const MODEL_HUB_ORIGINS: readonly string[] = ['https://huggingface.co', 'https://*.huggingface.co', 'https://*.hf.co', 'https://raw.githubusercontent.com'];

/** The model origins for a build: the hub's by default, or SIFT_MODEL_ORIGINS ("none" for none). */
export function modelOrigins(text: string | undefined): { readonly origins: string[] } | OriginListProblem {
  if (text === undefined || text.trim() === '') return { origins: [...MODEL_HUB_ORIGINS] };
  if (text.trim() === 'none') return { origins: [] };
  return parseConnectOrigins(text);
}

export type OriginListProblem = { readonly kind: 'not-an-origin'; readonly value: string };

/**
 * Parses the deploy-time list (space or comma separated, e.g. `SIFT_CONNECT_ORIGINS`): each
 * entry must be an http(s) origin, optionally with a `*` port or subdomain wildcard as CSP allows.
 */
export function parseConnectOrigins(text: string | undefined): { readonly origins: string[] } | OriginListProblem {
  const origins: string[] = [];
  for (const value of (text ?? '').split(/[\s,]+/).filter((v) => v.length > 0)) {
    if (!/^https?:\/\/(\*\.)?[a-z0-9.-]+(:(\d{1,5}|\*))?$/i.test(value)) return { kind: 'not-an-origin', value };
    origins.push(value.toLowerCase());
  }
  return { origins };
}

/**
 * Who may frame a page, as CSP's frame-ancestors takes it (space or comma separated): `*`,
 * `'self'`, `'none'`, or http(s) origins. The widget's page (`SIFT_FRAME_ANCESTORS`) defaults to
 * `*`: it is made to be embedded. The app (`SIFT_APP_FRAME_ANCESTORS`) defaults to `'none'`: a
 * page that framed it could trick the reader into clicking "Delete everything".
 */
export function parseFrameAncestors(text: string | undefined, fallback: '*' | "'none'" = '*'): { readonly sources: string[] } | OriginListProblem {
  const values = (text ?? '').split(/[\s,]+/).filter((v) => v.length > 0);
  if (values.length === 0) return { sources: [fallback] };
  if (values.length === 1 && ["*", "'self'", "'none'"].includes(values[0]!)) return { sources: [values[0]!] };
  const parsed = parseConnectOrigins(values.filter((v) => v !== "'self'").join(' '));
  if ('kind' in parsed) return parsed;
  return { sources: [...(values.includes("'self'") ? ["'self'"] : []), ...parsed.origins] };
}

/** The widget page's policy: the app's, and the sites that may frame it (frame-ancestors is header-only). */
export function policyFramedBy(policy: string, frameAncestors: readonly string[]): string {
  return `${policy}; frame-ancestors ${frameAncestors.join(' ')}`;
}

/**
 * Browser features a page of Sift may use: none of the sensors, devices or payment APIs, and
 * none of the ad, tracking or identity APIs. What Sift uses (the browser's built-in language model,
 * storage) is left at the browser's default. Only features Chromium knows are listed: an unknown
 * one is an error in every console (the e2e CSP test holds the list to that).
 */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'browsing-topics=()',
  'camera=()',
  'clipboard-read=()',
  'display-capture=()',
  'encrypted-media=()',
  'fullscreen=()',
  'gamepad=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'identity-credentials-get=()',
  'idle-detection=()',
  'local-fonts=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'otp-credentials=()',
  'payment=()',
  'picture-in-picture=()',
  'private-state-token-issuance=()',
  'private-state-token-redemption=()',
  'publickey-credentials-create=()',
  'publickey-credentials-get=()',
  'screen-wake-lock=()',
  'serial=()',
  'usb=()',
  'window-management=()',
  'xr-spatial-tracking=()',
].join(', ');

export interface FrameAncestors {
  /** Who may frame widget.html (SIFT_FRAME_ANCESTORS). */
  readonly widget: readonly string[];
  /** Who may frame the app and every other page (SIFT_APP_FRAME_ANCESTORS). */
  readonly app: readonly string[];
}

/**
 * The `_headers` file (Cloudflare Pages' format; `npm run serve` and `npm start` read it):
 * - every path: the policy, with `frame-ancestors 'none'` unless the deployer named who may frame
 *   the app; no sniffing, no Referer; the features above off; the app in a browsing context group
 *   of its own (COOP: a page that opened it cannot reach its window); its files for its own
 *   pages only (CORP);
 * - widget.html, which other sites frame, says who may;
 * - the widget's loader and code, and the demo catalogue, are loaded by other sites' pages: CORS
 *   and CORP allow that (everything there is public; no credentials);
 * - the demo host page under /demo/ stands for someone else's site embedding the widget, and so
 *   keeps its own (inline) script and styles.
 */
export function headersFile(policy: string, ancestors: FrameAncestors = { widget: ['*'], app: ["'none'"] }): string {
  const crossOrigin = ['  Access-Control-Allow-Origin: *', '  Cross-Origin-Resource-Policy: cross-origin'];
  return [
    '/*',
    `  Content-Security-Policy: ${policyFramedBy(policy, ancestors.app)}`,
    '  X-Content-Type-Options: nosniff',
    '  Referrer-Policy: no-referrer',
    `  Permissions-Policy: ${PERMISSIONS_POLICY}`,
    '  Cross-Origin-Opener-Policy: same-origin',
    '  Cross-Origin-Resource-Policy: same-origin',
    '/widget.html',
    `  Content-Security-Policy: ${policyFramedBy(policy, ancestors.widget)}`,
    '/widget/*',
    ...crossOrigin,
    '/catalog/*',
    ...crossOrigin,
    '/demo/*',
    '  ! Content-Security-Policy',
    '',
  ].join('\n');
}
