/** What can stop a publisher job, each with what the operator can do about it. */
export type PublisherProblem =
  | { readonly kind: 'no-files'; readonly input: string }
  | { readonly kind: 'unknown-format'; readonly input: string }
  | { readonly kind: 'missing-column'; readonly role: string; readonly column: string; readonly found: readonly string[] }
  | { readonly kind: 'too-many-bad-rows'; readonly bad: number; readonly total: number; readonly limit: number }
  | { readonly kind: 'no-rows'; readonly input: string }
  | { readonly kind: 'bad-option'; readonly option: string; readonly detail: string }
  /** The items file named on the command line is not there. */
  | { readonly kind: 'missing-input'; readonly path: string }
  /** The items file is not readable as what it looks like (truncated XML, broken JSON). */
  | { readonly kind: 'unreadable-items'; readonly path: string; readonly detail: string }
  /** No item passed validation: the fields the file has, and those a catalogue item needs. */
  | { readonly kind: 'no-valid-items'; readonly path: string; readonly found: readonly string[] }
  /** The log names (almost) no catalogue item: its most frequent unmatched keys, and the fix. */
  | {
      readonly kind: 'log-does-not-match';
      readonly matchedRows: number;
      readonly rows: number;
      readonly minShare: number;
      readonly unmatched: ReadonlyArray<{ readonly key: string; readonly rows: number }>;
      readonly fix: string;
    }
  /** The embedding model could not be loaded (offline, no such model). */
  | { readonly kind: 'model-unavailable'; readonly model: string; readonly detail: string };

export class PublisherError extends Error {
  constructor(readonly problem: PublisherProblem) {
    super(describePublisherProblem(problem));
    this.name = 'PublisherError';
  }
}

export function describePublisherProblem(problem: PublisherProblem): string {
  switch (problem.kind) {
    case 'no-files':
      return `no interaction files match ${problem.input}`;
    case 'unknown-format':
      return `cannot tell the format of ${problem.input}: name the files .csv, .tsv, .jsonl, .ndjson, .json or .parquet (optionally .gz)`;
    case 'missing-column':
      return `the ${problem.role} column "${problem.column}" is not in the log; its columns are: ${problem.found.join(', ')}. Map it with --columns ${problem.role}=NAME`;
    case 'too-many-bad-rows':
      return `${problem.bad} of ${problem.total} rows are malformed (${percent(problem.bad / Math.max(1, problem.total))}), over the limit of ${percent(problem.limit)}; fix the log or raise --max-bad-rows`;
    case 'no-rows':
      return `${problem.input} holds no usable interaction rows`;
    case 'bad-option':
      return `${problem.option}: ${problem.detail}`;
    case 'missing-input':
      return `${problem.path}: no such file`;
    case 'unreadable-items':
      return `${problem.path} cannot be read: ${problem.detail}. Is the file complete?`;
    case 'no-valid-items':
      return `${problem.path} has no valid items: an item needs an id and a title (and may have url, summary, body, image, tags, published_at); its items have ${problem.found.length === 0 ? 'no fields' : problem.found.join(', ')}. Map them with --fields, e.g. --fields id=post_id,url=permalink,summary=excerpt`;
    case 'log-does-not-match':
      return (
        `only ${problem.matchedRows.toLocaleString('en')} of ${problem.rows.toLocaleString('en')} log rows (${percent(problem.matchedRows / Math.max(1, problem.rows))}) name a catalogue item, under the ${percent(problem.minShare)} needed (--min-match); ` +
        `most frequent unmatched: ${problem.unmatched.map((entry) => `${entry.key} (${entry.rows.toLocaleString('en')})`).join(', ') || 'none'}. ${capitalise(problem.fix)}. Nothing was written`
      );
    case 'model-unavailable':
      return `the embedding model ${problem.model} could not be loaded (${problem.detail}); build without vectors (--no-vectors) or from a local copy (--models-dir DIR). Nothing was written`;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share < 0.01 ? 2 : 1)}%`;
}
