import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openParts } from './session-parts-fixture';

describe('SessionVectors', () => {
  it('lists each stated interest once, and gives the catalogue\'s items in catalogue order', async () => {
    const parts = openParts();
    await parts.catalogues.start();
    const { feedback, vectors, events, db } = parts;
    await feedback.statedInterest('space films');
    await feedback.statedInterest('quiet dramas');
    await feedback.statedInterest('space films');
    await events.flush();
    expect(await vectors.statedInterestTexts()).toEqual(['space films', 'quiet dramas']);
    expect((await vectors.catalogueItems()).map((item) => item.id).slice(0, 3)).toEqual(['alien', 'solaris', 'interstellar']);
    db.close();
  });

  it('attaches vectors only to the catalogue still on screen, and ranks by words again when they are dropped', async () => {
    const parts = openParts();
    await parts.catalogues.start();
    const { vectors, view, db } = parts;
    const rows = { dtype: 'float32' as const, dim: 2, count: 10, data: new Float32Array(20).fill(0.5) };
    expect(await vectors.use('another', { kind: 'rows', model: 'm', vectors: rows })).toBeNull();
    expect(await vectors.status()).toBeNull();
    const attached = await vectors.use('films', { kind: 'rows', model: 'm', vectors: rows });
    expect(attached?.kind).toBe('attached');
    expect(await vectors.status()).toEqual(expect.objectContaining({ model: 'm', count: 10 }));
    await vectors.drop();
    expect(await vectors.status()).toBeNull();
    expect(view.feed.length).toBeGreaterThan(0);
    db.close();
  });
});
