/**
 * Tells a fetch the Content-Security-Policy blocked from one that failed on the network: both
 * reject with a bare TypeError, but a blocked one also fires `securitypolicyviolation` on the
 * global scope (in Chromium just after the rejection, within the same turn of the event loop).
 */
export class PolicyViolations {
  private readonly blocked = new Set<string>();

  /** `earlier`: violations someone else saw on this scope before this watch began (see workers/ranker-early.worker.ts). */
  constructor(scope: Pick<EventTarget, 'addEventListener'>, earlier: readonly Event[] = []) {
    for (const event of earlier) this.note(event);
    scope.addEventListener('securitypolicyviolation', (event) => this.note(event));
  }

  private note(event: Event): void {
    const violation = event as SecurityPolicyViolationEvent;
    if (violation.effectiveDirective === 'connect-src') this.blocked.add(violation.blockedURI);
  }

  /** Was a request to `url` refused by the policy? Call after the fetch failed. */
  async wasBlocked(url: string): Promise<boolean> {
    await new Promise((resolve) => setTimeout(resolve, 0));
    // Cross-origin reports may carry the origin only.
    return this.blocked.has(url) || this.blocked.has(new URL(url).origin);
  }
}
