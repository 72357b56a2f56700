/** Size caps for untrusted catalogue input; anything longer is truncated or rejected. */
export interface CatalogueLimits {
  readonly maxItems: number;
  readonly maxIdLength: number;
  readonly maxTitleLength: number;
  readonly maxSummaryLength: number;
  readonly maxBodyLength: number;
  readonly maxTags: number;
  readonly maxTagLength: number;
  readonly maxNeighbors: number;
  readonly maxUrlLength: number;
}

export const DEFAULT_CATALOGUE_LIMITS: CatalogueLimits = {
  maxItems: 200_000,
  maxIdLength: 200,
  maxTitleLength: 300,
  maxSummaryLength: 2_000,
  maxBodyLength: 20_000,
  maxTags: 40,
  maxTagLength: 64,
  maxNeighbors: 50,
  maxUrlLength: 2_048,
};
