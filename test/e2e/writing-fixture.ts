import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { FILMS } from '../core/catalogue-fixture';
import { tinyDecoderModel } from '../fixtures/tiny-decoder-model';
import { modelFileHashes } from '../fixtures/model-server';

/**
 * The project's tiny decoder, self-hosted as a deployment would after `npm run models:fetch`:
 * models/<id>/… plus the `generation` list of models/manifest.json, and the film catalogue. One
 * model writes a grounded sentence; another names a catalogue title (Solaris) that the cards it
 * writes for are not about, which the guards must refuse; the third writes at length.
 */
export const WRITER_ID = 'sift/tiny-writer';
export const WRITER_SENTENCE = 'A warm pick from what you liked.';
export const OFF_LIST_ID = 'sift/tiny-writer-off-list';
export const OFF_LIST_SENTENCE = 'Fans of Solaris will love this.';
/** A model whose answer is long (a hundred word-tokens), so a test can stop it mid-stream. */
export const LONG_ID = 'sift/tiny-long-writer';
export const LONG_SENTENCE = `${Array.from({ length: 100 }, (_, k) => `word${k}`).join(' ')}.`;
export const FILMS_PATH = 'films/catalog.json';

export function writingSiteFiles(): Map<string, Uint8Array | string> {
  const files = new Map<string, Uint8Array | string>();
  const generation = [];
  for (const [id, sentence, label] of [
    [WRITER_ID, WRITER_SENTENCE, 'Tiny test writer'],
    [OFF_LIST_ID, OFF_LIST_SENTENCE, 'Tiny off-list writer'],
    [LONG_ID, LONG_SENTENCE, 'Tiny long writer'],
  ] as const) {
    const model = tinyDecoderModel({ sentence });
    for (const [path, bytes] of model.files) files.set(`models/${id}/${path}`, bytes);
    const onnx = model.files.get('onnx/model.onnx')!.length;
    const other = [...model.files].reduce((sum, [path, bytes]) => sum + (path === 'onnx/model.onnx' ? 0 : bytes.length), 0);
    generation.push({ id, label, languages: ['en'], onnxBytes: { fp32: onnx }, otherBytes: other });
  }
  files.set('models/manifest.json', JSON.stringify({ format: 'sift-models', models: [], generation, files: modelFileHashes(files) }));
  files.set(FILMS_PATH, JSON.stringify({ format: 'sift-catalog', version: 1, id: 'films', title: 'Films', language: 'en', items: FILMS }));
  return files;
}

/** Settings → Writing: picks the model, agrees to the download, and waits until it writes. */
export async function turnOnWriter(page: Page, modelId: string, device: 'auto' | 'webgpu' | 'wasm' = 'auto'): Promise<string> {
  await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
  const entry = page.locator(`[data-testid=model-choices] [data-model="${modelId}"]`);
  await entry.waitFor();
  if (device !== 'auto') await page.getByTestId('onnx-device').selectOption(device);
  await entry.getByRole('button').first().click();
  await entry.getByRole('button', { name: 'Download and use' }).click();
  await expect.poll(() => page.getByTestId('settings-writing-mode').textContent(), { timeout: 60_000 }).toMatch(/^Written on this device by/);
  return (await page.getByTestId('settings-writing-mode').textContent()) ?? '';
}
