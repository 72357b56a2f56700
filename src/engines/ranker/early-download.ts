import { CatalogueDownload } from '../catalogue/fetch-catalogue';
import { catalogueResponseOf } from '../catalogue/catalogue-response';
import { PolicyViolations } from '../catalogue/policy-violations';

/** What the ranking worker's first script did before anything was loaded: the catalogue request it sent, and the policy violations it saw meanwhile. */
export interface EarlyRequest {
  readonly url: string;
  readonly response: Promise<Response>;
  readonly violations: readonly Event[];
}

/**
 * The download of the catalogue a ranking worker requested before its engine had loaded (see
 * workers/ranker-early.worker.ts), and the Content-Security-Policy watch that tells a refused
 * request from a network failure, told what its first script saw meanwhile.
 */
export function startEarlyDownload(request: EarlyRequest, scope: DedicatedWorkerGlobalScope): { readonly download: CatalogueDownload; readonly violations: PolicyViolations } {
  const violations = new PolicyViolations(scope, request.violations);
  // The page names a catalogue here only when it has no copy of it, so it will be parsed whatever
  // it holds: parsed as it arrives. Should the page find a copy after all, its fetchCatalogue call says so.
  const download = new CatalogueDownload(request.url, {
    blockedByPolicy: (blocked) => violations.wasBlocked(blocked),
    mode: 'parse',
    early: catalogueResponseOf(request.response, request.url),
  });
  return { download, violations };
}
