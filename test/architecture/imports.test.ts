import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from '../../src/cli/import-graph';

const graph = importGraph('src');

describe('the import graph of src/', () => {
  it('has no circles (a type on the wrong side of a layer is what makes one)', () => {
    expect(importCycles(graph).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('finds a circle when there is one', () => {
    const looped = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
    ]);
    expect(importCycles(looped)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('keeps src/core pure: it imports nothing from the layers above it', () => {
    const outward = [...graph].flatMap(([file, targets]) => (file.startsWith('core/') ? targets.filter((t) => !t.startsWith('core/')).map((t) => `${file} → ${t}`) : []));
    expect(outward).toEqual([]);
  });
});
