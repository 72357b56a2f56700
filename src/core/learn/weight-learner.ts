import type { ShownSignals } from '../events/interaction-event';
import { PENALTIES, SIGNALS, type SignalName, type SignalWeights } from '../rank/signals';

export type SignalValues = ShownSignals;

/**
 * Learns how this user's feedback departs from the prior weights: online logistic regression,
 * P(engage) = σ(b + Σ wₛ·xₛ) with wₛ = priorₛ + δₛ and penalties entering as −xₛ, trained by
 * SGD on (signals at display time, engaged or not). The learner keeps only the deltas, so the
 * prior can change with the user's history length (cold start → warm) while what was learnt
 * stays. An L2 pull toward δ = 0 keeps a few clicks from swinging the ranking, and every
 * weight stays within [0, maxWeight].
 */
export interface LearnerOptions {
  readonly learningRate: number;
  /** Strength of the pull back to the prior (per update). */
  readonly priorStrength: number;
  readonly maxWeight: number;
}

export const DEFAULT_LEARNER_OPTIONS: LearnerOptions = { learningRate: 0.15, priorStrength: 0.02, maxWeight: 4 };

export interface LearnerSnapshot {
  readonly deltas: Readonly<Record<SignalName, number>>;
  readonly bias: number;
  readonly updates: number;
}


export class WeightLearner {
  private readonly deltas: Record<SignalName, number>;
  private bias = 0;
  private updates = 0;

  constructor(
    private readonly options: LearnerOptions = DEFAULT_LEARNER_OPTIONS,
    snapshot?: LearnerSnapshot,
  ) {
    this.deltas = Object.fromEntries(SIGNALS.map((s) => [s, snapshot?.deltas[s] ?? 0])) as Record<SignalName, number>;
    if (snapshot !== undefined) {
      this.bias = snapshot.bias;
      this.updates = snapshot.updates;
    }
  }

  /** The prior adjusted by what was learnt. */
  current(prior: SignalWeights): SignalWeights {
    const weights = {} as Record<SignalName, number>;
    for (const signal of SIGNALS) weights[signal] = this.clamp(prior[signal] + this.deltas[signal]);
    return weights;
  }

  snapshot(): LearnerSnapshot {
    return { deltas: { ...this.deltas }, bias: this.bias, updates: this.updates };
  }

  /** Probability of engagement for these signal values under the current weights. */
  predict(values: SignalValues, prior: SignalWeights): number {
    const weights = this.current(prior);
    let z = this.bias;
    for (const signal of SIGNALS) z += weights[signal] * signed(signal, values[signal] ?? 0);
    return 1 / (1 + Math.exp(-z));
  }

  /** One SGD step on one observation (engaged = 1, passed over or rejected = 0). */
  update(values: SignalValues, engaged: 0 | 1, prior: SignalWeights): void {
    const error = engaged - this.predict(values, prior);
    // Step size decays slowly so early feedback moves the weights and later feedback refines them.
    const rate = this.options.learningRate / Math.sqrt(1 + this.updates / 50);
    for (const signal of SIGNALS) {
      const x = signed(signal, values[signal] ?? 0);
      const next = this.deltas[signal] + rate * (error * x - this.options.priorStrength * this.deltas[signal]);
      // Keep the delta where the weight it produces is within bounds.
      this.deltas[signal] = this.clamp(prior[signal] + next) - prior[signal];
    }
    this.bias += rate * error;
    this.updates += 1;
  }

  private clamp(weight: number): number {
    return Math.min(this.options.maxWeight, Math.max(0, weight));
  }
}

function signed(signal: SignalName, value: number): number {
  return PENALTIES.has(signal) ? -value : value;
}
