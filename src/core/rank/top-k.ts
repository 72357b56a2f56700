/**
 * Bounded min-heap keeping the k best (score, position) pairs seen so far: O(n log k) for a scan,
 * no allocation per push. Ties go to the lower position so rankings are deterministic.
 */
export class TopK {
  private readonly scores: Float64Array;
  private readonly positions: Int32Array;
  private count = 0;

  constructor(readonly capacity: number) {
    this.scores = new Float64Array(Math.max(0, capacity));
    this.positions = new Int32Array(Math.max(0, capacity));
  }

  get size(): number {
    return this.count;
  }

  /** The lowest kept score (the k-th best once k were pushed); undefined while empty. */
  get worstScore(): number | undefined {
    return this.count === 0 ? undefined : this.scores[0];
  }

  push(position: number, score: number): void {
    if (this.capacity === 0) return;
    if (this.count < this.capacity) {
      let i = this.count;
      this.count += 1;
      // Sift up.
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(position, score, this.positions[parent]!, this.scores[parent]!)) break;
        this.scores[i] = this.scores[parent]!;
        this.positions[i] = this.positions[parent]!;
        i = parent;
      }
      this.scores[i] = score;
      this.positions[i] = position;
      return;
    }
    if (!this.worse(this.positions[0]!, this.scores[0]!, position, score)) return;
    // Replace the root (the worst kept) and sift down.
    let i = 0;
    const n = this.count;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && this.worse(this.positions[right]!, this.scores[right]!, this.positions[left]!, this.scores[left]!)) child = right;
      if (!this.worse(this.positions[child]!, this.scores[child]!, position, score)) break;
      this.scores[i] = this.scores[child]!;
      this.positions[i] = this.positions[child]!;
      i = child;
    }
    this.scores[i] = score;
    this.positions[i] = position;
  }

  /** Kept entries, best first. */
  drain(): Array<{ readonly position: number; readonly score: number }> {
    const entries: Array<{ position: number; score: number }> = [];
    for (let i = 0; i < this.count; i += 1) entries.push({ position: this.positions[i]!, score: this.scores[i]! });
    entries.sort((a, b) => b.score - a.score || a.position - b.position);
    this.count = 0;
    return entries;
  }

  /** Is (pa, sa) ranked below (pb, sb)? */
  private worse(pa: number, sa: number, pb: number, sb: number): boolean {
    return sa < sb || (sa === sb && pa > pb);
  }
}
