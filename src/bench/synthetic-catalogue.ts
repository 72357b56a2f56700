import type { CatalogueItem } from '../core/catalogue/catalogue-types';
import type { Random } from '../core/random/seeded-random';
import { syntheticEmbeddings, type SyntheticEmbeddings } from './synthetic-vectors';

const WORDS = [
  'river', 'engine', 'garden', 'signal', 'harbour', 'winter', 'atlas', 'orbit', 'canyon', 'lantern', 'market', 'circuit',
  'meadow', 'archive', 'summit', 'compass', 'ember', 'glacier', 'harvest', 'island', 'journey', 'kernel', 'lattice', 'mirror',
  'nebula', 'oracle', 'prairie', 'quartz', 'rhythm', 'saddle', 'tundra', 'umbra', 'velvet', 'willow', 'zenith', 'beacon',
  'cobalt', 'delta', 'falcon', 'granite', 'horizon', 'ivory', 'jungle', 'kiln', 'lagoon', 'monsoon', 'nomad', 'obsidian',
];

export interface SyntheticCatalogue {
  readonly items: CatalogueItem[];
  readonly embeddings: SyntheticEmbeddings;
}

/**
 * A catalogue with the shape of a real one: titles and summaries from a word list, two to four
 * tags drawn mostly from the item's topic, co-engagement neighbours within the topic, a heavy
 * tailed popularity and publication dates over five years; embeddings share the topics.
 */
export function syntheticCatalogue(count: number, dim: number, random: Random, now: number): SyntheticCatalogue {
  const embeddings = syntheticEmbeddings(count, dim, random);
  const topicCount = embeddings.topics.length;
  const byTopic: number[][] = Array.from({ length: topicCount }, () => []);
  for (let i = 0; i < count; i += 1) byTopic[embeddings.topicOf[i]!]!.push(i);
  const word = (): string => WORDS[Math.floor(random() * WORDS.length)]!;
  const items: CatalogueItem[] = [];
  for (let i = 0; i < count; i += 1) {
    const topic = embeddings.topicOf[i]!;
    const tags = [`topic-${topic}`, `topic-${topic}-${Math.floor(random() * 4)}`];
    if (random() < 0.5) tags.push(`topic-${Math.floor(random() * topicCount)}`);
    const peers = byTopic[topic]!;
    const neighbors: string[] = [];
    for (let n = 0; n < 8 && peers.length > 1; n += 1) {
      const peer = peers[Math.floor(random() * peers.length)]!;
      if (peer !== i) neighbors.push(`item-${peer}`);
    }
    items.push({
      id: `item-${i}`,
      title: `${word()} ${word()} ${word()}`,
      summary: Array.from({ length: 12 }, word).join(' '),
      tags,
      popularity: Math.floor(1000 * Math.pow(random(), 4)),
      published_at: new Date(now - random() * 5 * 365 * 86_400_000).toISOString(),
      neighbors: [...new Set(neighbors)],
    });
  }
  return { items, embeddings };
}
