import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

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
  { name: 'eval', script: 'src/cli/eval.ts', bad: [['--bogus', /^Unknown option '--bogus'/], ['--cold three', /^--cold takes a whole number, not "three"$/], ['--data test/fixtures/mind-mini --context', /^--context is for MovieLens folders; mind-mini is a MIND folder$/]] },
  { name: 'bench', script: 'src/cli/bench.ts', bad: [['--bogus', /^unknown option --bogus /], ['--engine-items many', /^--engine-items takes a whole number ≥ 10$/], ['--runs', /^--runs needs a value$/]] },
] as const)('npm run $name', ({ name, script, bad }) => {
  it('answers --help with usage, options and examples, and exits 0', async () => {
    const { code, stdout } = await cli(script, ['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Usage: npm run ${name} -- \\[options\\]`));
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
