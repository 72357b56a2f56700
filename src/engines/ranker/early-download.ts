import { CatalogueDownload } from '../catalogue/fetch-catalogue';
import { PolicyViolations } from '../catalogue/policy-violations';

/**
 * The download a ranking worker starts before its engine has loaded (see
 * workers/ranker.worker.ts), and the Content-Security-Policy watch that tells a refused request
 * from a network failure: set up first, since the request goes out at once.
 */
export function startEarlyDownload(url: string, scope: DedicatedWorkerGlobalScope): { readonly download: CatalogueDownload; readonly violations: PolicyViolations } {
  const violations = new PolicyViolations(scope);
  // The page names a catalogue here only when it has no copy of it, so it will be parsed whatever
  // it holds: parsed as it arrives. Should the page find a copy after all, its fetchCatalogue call says so.
  const download = new CatalogueDownload(url, { blockedByPolicy: (blocked) => violations.wasBlocked(blocked), mode: 'parse' });
  return { download, violations };
}
