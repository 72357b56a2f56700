import { DEFAULT_SIGNAL_WEIGHTS, PENALTIES, SIGNALS, type SignalName, type SignalWeights } from '../rank/signals';

/**
 * Learns the signal weights from the user's own feedback on what was shown: online logistic
 * regression, P(engage) = σ(b + Σ wₛ·xₛ) with penalties entering as −xₛ, trained by SGD on
 * (signals at display time, engaged or not). An L2 pull toward the prior weights keeps a few
 * clicks from swinging the ranking, and weights stay within [0, maxWeight].
 */
export interface LearnerOptions {
  readonly prior: SignalWeights;
  readonly learningRate: number;
  /** Strength of the pull toward the prior (per update). */
  readonly priorStrength: number;
  readonly maxWeight: number;
}

export const DEFAULT_LEARNER_OPTIONS: LearnerOptions = { prior: DEFAULT_SIGNAL_WEIGHTS, learningRate: 0.15, priorStrength: 0.02, maxWeight: 4 };

export interface LearnerSnapshot {
  readonly weights: SignalWeights;
  readonly bias: number;
  readonly updates: number;
}

export type SignalValues = Partial<Record<SignalName, number>>;

export class WeightLearner {
  private weights: Record<SignalName, number>;
  private bias = 0;
  private updates = 0;

  constructor(
    private readonly options: LearnerOptions = DEFAULT_LEARNER_OPTIONS,
    snapshot?: LearnerSnapshot,
  ) {
    this.weights = { ...(snapshot?.weights ?? options.prior) };
    if (snapshot !== undefined) {
      this.bias = snapshot.bias;
      this.updates = snapshot.updates;
    }
  }

  current(): SignalWeights {
    return { ...this.weights };
  }

  snapshot(): LearnerSnapshot {
    return { weights: this.current(), bias: this.bias, updates: this.updates };
  }

  /** Probability of engagement for these signal values under the current weights. */
  predict(values: SignalValues): number {
    return sigmoid(this.bias + this.linear(values));
  }

  /** One SGD step on one observation (engaged = 1, passed over or rejected = 0). */
  update(values: SignalValues, engaged: 0 | 1): void {
    const error = engaged - this.predict(values);
    // Step size decays slowly so early feedback moves the weights and later feedback refines them.
    const rate = this.options.learningRate / Math.sqrt(1 + this.updates / 50);
    for (const signal of SIGNALS) {
      const x = signed(signal, values[signal] ?? 0);
      const pull = this.options.priorStrength * (this.weights[signal] - this.options.prior[signal]);
      const next = this.weights[signal] + rate * (error * x - pull);
      this.weights[signal] = Math.min(this.options.maxWeight, Math.max(0, next));
    }
    this.bias += rate * error;
    this.updates += 1;
  }

  private linear(values: SignalValues): number {
    let sum = 0;
    for (const signal of SIGNALS) sum += this.weights[signal] * signed(signal, values[signal] ?? 0);
    return sum;
  }
}

function signed(signal: SignalName, value: number): number {
  return PENALTIES.has(signal) ? -value : value;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
