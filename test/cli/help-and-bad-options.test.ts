import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** Runs a CLI; its exit code and both outputs, whether it failed or not. */
async function cli(script: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', script, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const firstLine = (text: string): string => text.split('\n').filter((line) => !line.startsWith('npm warn'))[0] ?? '';

describe.each([
  { name: 'eval', script: 'src/cli/eval.ts', bad: [['--bogus', /^Unknown option '--bogus'/], ['--cold three', /^--cold takes a whole number, not "three"$/], ['--data test/fixtures/mind-mini --context', /^--context is for MovieLens folders; mind-mini is a MIND folder$/], ['--neighbor-model pagerank', /^--neighbor-model: "pagerank" is not rp3beta or cosine$/]] },
  { name: 'bench', script: 'src/cli/bench.ts', bad: [['--bogus', /^unknown option --bogus /], ['--engine-items many', /^--engine-items takes a whole number ≥ 10$/], ['--runs', /^--runs needs a value$/]] },
  {
    name: 'models:fetch',
    script: 'src/cli/models.ts',
    bad: [
      ['--bogus', /^models:fetch: Unknown option '--bogus'$/],
      ['--dtype q3', /^models:fetch: --dtype for an embedding model is q8 or fp32, not "q3"$/],
      ['--kind vision', /^models:fetch: --kind is embedding, generation or web-llm, not "vision"$/],
      ['--host ftp://mirror', /^models:fetch: --host is an http\(s\) address, not "ftp:\/\/mirror"$/],
      ['a b', /^models:fetch: one model at a time; got a, b$/],
    ],
  },
] as const)('npm run $name', ({ name, script, bad }) => {
  it('answers --help with usage, options and examples, and exits 0', async () => {
    const { code, stdout } = await cli(script, ['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Usage: npm run ${name} -- (\\[model id\\] )?\\[options\\]`));
    expect(stdout).toContain('Options:');
    expect(stdout).toContain('Examples:');
  }, 60_000);

  it('says what is wrong with a bad option in one line, then the usage, with exit code 2 and no stack trace', async () => {
    for (const [args, expected] of bad) {
      const { code, stdout, stderr } = await cli(script, args.split(' '));
      expect(code, args).toBe(2);
      expect(stdout).toBe('');
      expect(firstLine(stderr)).toMatch(expected);
      expect(stderr).toContain('Usage:');
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  }, 60_000);
});

describe('npm run catalog: every failure a site meets on its first day is one line with the fix, exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sift-catalog-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const build = (...args: string[]) => cli('src/cli/catalog.ts', ['build', ...args]);
  const noStack = (stderr: string): void => expect(stderr).not.toMatch(/\n\s+at /);

  it('answers --help with usage, options and examples', async () => {
    const { code, stdout } = await cli('src/cli/catalog.ts', ['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: npm run catalog -- build/);
    expect(stdout).toContain('Options:');
    expect(stdout).toContain('Examples:');
  }, 60_000);

  it('a bad option, a missing file, a truncated feed, broken JSON, CMS field names, a glob that matches nothing', async () => {
    const out = join(dir, 'out');
    const rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title><link>https://a.example/1</link></item>';
    const cms = `${JSON.stringify({ post_id: 7, post_title: 'Hello', permalink: 'https://a.example/hello', excerpt: 'Hi' })}\n`;
    const items = file('items.jsonl', `${JSON.stringify({ id: 'a', title: 'A' })}\n`);
    const cases: Array<[string[], RegExp]> = [
      [['--bogus'], /^catalog build: Unknown option '--bogus'/],
      [[join(dir, 'missing.xml'), '--out', out, '--no-vectors'], /missing\.xml: no such file$/],
      [[file('cut.xml', rss), '--out', out, '--no-vectors'], /cut\.xml cannot be read: not well-formed XML \(line \d+: .*\)\. Is the file complete\?$/],
      [[file('broken.json', '{"items": [{"id": "a"'), '--out', out, '--no-vectors'], /broken\.json cannot be read: not valid JSON/],
      [[file('cms.jsonl', cms), '--out', out, '--no-vectors'], /cms\.jsonl has no valid items: .*its items have excerpt, permalink, post_id, post_title\. Map them with --fields/],
      [[items, '--out', out, '--no-vectors', '--fields', 'headline=post_title'], /^catalog build: --fields takes catalogue=file pairs/],
      [[items, '--out', out, '--no-vectors', '--interactions', join(dir, 'logs', '*.csv')], /no interaction files match .*logs\/\*\.csv$/],
    ];
    for (const [args, expected] of cases) {
      const { code, stdout, stderr } = await build(...args);
      expect(code, args.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(firstLine(stderr), args.join(' ')).toMatch(expected);
      noStack(stderr);
    }
    expect(existsSync(out)).toBe(false);
    // With --fields, the CMS export builds.
    const mapped = await build(join(dir, 'cms.jsonl'), '--out', out, '--no-vectors', '--fields', 'id=post_id,title=post_title,url=permalink,summary=excerpt');
    expect(mapped.code, mapped.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'catalog.json'), 'utf8')).items).toEqual([expect.objectContaining({ id: '7', title: 'Hello', summary: 'Hi' })]);
  }, 120_000);

  it('offline, the default build (which downloads a model) says to use --no-vectors or --models-dir, and writes nothing', async () => {
    const out = join(dir, 'offline');
    const { code, stderr } = await build(file('one.jsonl', `${JSON.stringify({ id: 'a', title: 'A' })}\n`), '--out', out, '--model', 'no-such-org/no-such-model', '--models-dir', join(dir, 'no-models'));
    expect(code).toBe(2);
    expect(firstLine(stderr)).toMatch(/^catalog build: the embedding model no-such-org\/no-such-model could not be loaded \(.*\); build without vectors \(--no-vectors\) or from a local copy \(--models-dir DIR\)\. Nothing was written$/);
    noStack(stderr);
    expect(existsSync(out)).toBe(false);
  }, 120_000);
});

describe('npm run build and npm run serve', () => {
  it('--help is help, not a build or a server; a stray argument is refused with exit 2', async () => {
    for (const script of ['src/cli/build.mjs', 'src/cli/serve.mjs']) {
      const help = await run('node', [script, '--help']);
      expect(help.stdout).toMatch(/^Usage: npm run (build|serve)/);
      const stray = await run('node', [script, '--bogus']).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(stray.code, script).toBe(2);
      expect(stray.stderr).toMatch(/unknown argument --bogus/);
    }
  });
});
