import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { downloadTo } from '../../src/cli/model-manifest-file';
import type { CatalogueItem } from '../../src/core/catalogue/catalogue-types';
import { buildFromLogs, DEFAULT_LOG_BUILD_OPTIONS } from '../../src/publisher/build-from-logs';
import type { JobUnit } from '../../src/publisher/job-progress';

/**
 * Long jobs report how far they are: the library hands out counts (rows, trials, items, bytes),
 * and the command line draws them with an ETA only when stderr is a terminal.
 */
const dir = mkdtempSync(join(tmpdir(), 'sift-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Four topics of ten items; 240 users like items of their own topic, over time (enough to tune on). */
function topicLog(): { items: CatalogueItem[]; csv: string } {
  const items: CatalogueItem[] = [];
  for (let t = 0; t < 4; t += 1) for (let k = 0; k < 10; k += 1) items.push({ id: `t${t}-${k}`, title: `Item ${t}-${k}`, tags: [`topic${t}`] });
  const rows: string[] = [];
  for (let u = 0; u < 240; u += 1) for (let e = 0; e < 8; e += 1) rows.push(`${u},t${u % 4}-${(u * 7 + e * 3) % 10},like,${1_600_000_000 + u * 1000 + e * 60}`);
  return { items, csv: `user,item,kind,timestamp\n${rows.join('\n')}\n` };
}

type Report = { stage: string; done: number; total: number; unit: JobUnit };

describe('progress of long jobs', () => {
  it('tuning reports its trials, counting up to the total it announced', async () => {
    const { items, csv } = topicLog();
    writeFileSync(join(dir, 'topics.csv'), csv);
    const reports: Report[] = [];
    await buildFromLogs(items, { ...DEFAULT_LOG_BUILD_OPTIONS, inputs: [join(dir, 'topics.csv')] }, () => undefined, (stage, done, total, unit) => reports.push({ stage, done, total, unit }));
    const tuning = reports.filter((r) => r.stage === 'tuning priors');
    expect(tuning.length).toBeGreaterThan(20);
    expect(tuning.every((r) => r.unit === 'trials' && r.done <= r.total)).toBe(true);
    expect(tuning.map((r) => r.done)).toEqual([...tuning.map((r) => r.done)].sort((a, b) => a - b));
    expect(tuning.at(-1)!.done).toBe(tuning.at(-1)!.total);
  }, 60_000);

  it('a download reports the bytes so far of its Content-Length', async () => {
    const chunks = [new Uint8Array(1000), new Uint8Array(2500), new Uint8Array(500)];
    const fakeFetch = (async () =>
      new Response(new ReadableStream({ start: (c) => { for (const chunk of chunks) c.enqueue(chunk); c.close(); } }), { headers: { 'content-length': '4000' } })) as unknown as typeof fetch;
    const reports: Report[] = [];
    const body = await downloadTo(fakeFetch, 'https://hub.example/m/resolve/main/model.onnx', join(dir, 'm', 'model.onnx'), undefined, (stage, done, total, unit) => reports.push({ stage, done, total, unit }));
    expect(body.length).toBe(4000);
    expect(reports).toEqual([
      { stage: 'fetching model.onnx', done: 1000, total: 4000, unit: 'bytes' },
      { stage: 'fetching model.onnx', done: 3500, total: 4000, unit: 'bytes' },
      { stage: 'fetching model.onnx', done: 4000, total: 4000, unit: 'bytes' },
    ]);
  });

  it('the command line draws bars with an ETA on a terminal, and writes none into a pipe or with --json', () => {
    const { items, csv } = topicLog();
    writeFileSync(join(dir, 'items.jsonl'), items.map((item) => JSON.stringify(item)).join('\n'));
    writeFileSync(join(dir, 'topics.csv'), csv);
    const args = ['tsx', 'src/cli/catalog.ts', 'build', join(dir, 'items.jsonl'), '--no-vectors', '--interactions', join(dir, 'topics.csv')];
    // `script` runs the command on a pseudo-terminal, as a publisher's shell would.
    const onTerminal = spawnSync('script', ['-qec', ['npx', ...args, '--out', join(dir, 'tty.json')].join(' '), '/dev/null'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '120' } });
    expect(onTerminal.status, onTerminal.stdout).toBe(0);
    expect(onTerminal.stdout).toMatch(/tuning priors \[[=-]+\] \d+% \| [\d,]+\/[\d,]+ trials \| ETA/);
    const piped = spawnSync('npx', [...args, '--out', join(dir, 'pipe.json')], { encoding: 'utf8' });
    expect(piped.status, piped.stderr).toBe(0);
    expect(piped.stderr).not.toMatch(/ETA|\r|\u001b\[/);
    const json = spawnSync('script', ['-qec', ['npx', ...args, '--out', join(dir, 'json.json'), '--json'].join(' '), '/dev/null'], { encoding: 'utf8' });
    expect(json.status).toBe(0);
    expect(json.stdout).not.toMatch(/ETA/);
  }, 120_000);
});
