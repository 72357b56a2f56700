import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Small files with one job each: the app layer's modules keep to 300 lines (split by job beyond). */
const LIMIT = 300;

describe('src/app', () => {
  it(`keeps every module to ${LIMIT} lines`, () => {
    const over = readdirSync('src/app')
      .filter((name) => name.endsWith('.ts'))
      .map((name) => ({ name, lines: readFileSync(join('src/app', name), 'utf8').split('\n').length - 1 }))
      .filter((file) => file.lines > LIMIT)
      .map((file) => `${file.name}: ${file.lines}`);
    expect(over).toEqual([]);
  });
});
