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
 * Who may frame the widget's page (`SIFT_FRAME_ANCESTORS`, space or comma separated): `*` (any
 * site, the default: the widget is made to be embedded), `'self'`, `'none'`, or http(s) origins
 * as CSP's frame-ancestors takes them.
 */
export function parseFrameAncestors(text: string | undefined): { readonly sources: string[] } | OriginListProblem {
  const values = (text ?? '').split(/[\s,]+/).filter((v) => v.length > 0);
  if (values.length === 0) return { sources: ['*'] };
  if (values.length === 1 && ["*", "'self'", "'none'"].includes(values[0]!)) return { sources: [values[0]!] };
  const parsed = parseConnectOrigins(values.filter((v) => v !== "'self'").join(' '));
  if ('kind' in parsed) return parsed;
  return { sources: [...(values.includes("'self'") ? ["'self'"] : []), ...parsed.origins] };
}

/** The widget page's policy: the app's, and the sites that may frame it (frame-ancestors is header-only). */
export function widgetFramePolicy(policy: string, frameAncestors: readonly string[]): string {
  return `${policy}; frame-ancestors ${frameAncestors.join(' ')}`;
}

/**
 * The `_headers` file (Cloudflare Pages' format; `npm start` reads it): the policy for every
 * path; widget.html, which other sites frame, also says who may frame it; the demo host page
 * under /demo/ stands for someone else's site embedding the widget and so keeps its own
 * (inline) script and styles.
 */
export function headersFile(policy: string, frameAncestors: readonly string[] = ['*']): string {
  return [
    '/*',
    `  Content-Security-Policy: ${policy}`,
    '  X-Content-Type-Options: nosniff',
    '  Referrer-Policy: no-referrer',
    '/widget.html',
    `  Content-Security-Policy: ${widgetFramePolicy(policy, frameAncestors)}`,
    '/demo/*',
    '  ! Content-Security-Policy',
    '',
  ].join('\n');
}
