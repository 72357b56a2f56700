import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { assembleKernels, MODULE_PATH } from '../../src/cli/build-kernels';

describe('npm run kernels', () => {
  it('the committed kernel module is exactly what dot-kernels.wat assembles to', async () => {
    expect(await readFile(MODULE_PATH, 'utf8')).toBe(await assembleKernels());
  });
});
