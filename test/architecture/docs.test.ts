import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const pages = ['README.md', ...readdirSync('docs').filter((name) => name.endsWith('.md')).map((name) => join('docs', name))];
const scripts = Object.keys((JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts);

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replace(/ /g, '-');
}

function headings(path: string): Set<string> {
  const found = new Set<string>();
  let inCode = false;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.startsWith('```')) inCode = !inCode;
    const match = /^#+ (.*)$/.exec(line);
    if (!inCode && match?.[1] !== undefined) found.add(slug(match[1]));
  }
  return found;
}

/** Every piece of code a page shows: fenced blocks line by line, and inline code. */
function codeOf(text: string): string[] {
  const code: string[] = [];
  let inCode = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) {
      inCode = !inCode;
      continue;
    }
    if (inCode) code.push(line);
    else for (const match of line.matchAll(/`([^`]+)`/g)) code.push(match[1]!);
  }
  return code;
}

describe('the README and docs/', () => {
  it('the README is a front door: at most 10 KB, with the feed screenshot and a link to every page of docs/', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(10 * 1024);
    expect(readme).toContain('](docs/feed.png)');
    expect(readFileSync('docs/feed.png').subarray(1, 4).toString()).toBe('PNG');
    for (const page of pages.filter((p) => p !== 'README.md')) expect(readme, page).toContain(`](${page})`);
  });

  it('every relative link resolves to a file, and every anchor to a heading in it', () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const match of readFileSync(page, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        const [file, anchor] = target.split('#') as [string, string | undefined];
        const path = file === '' ? page : normalize(join(dirname(page), file));
        if (!existsSync(path)) broken.push(`${page}: ${target} (no such file)`);
        else if (anchor !== undefined && path.endsWith('.md') && !headings(path).has(anchor)) broken.push(`${page}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every command shown exists: npm scripts, and the files that node, tsx and bash are given', () => {
    const missing: string[] = [];
    for (const page of pages) {
      for (const code of codeOf(readFileSync(page, 'utf8'))) {
        for (const match of code.matchAll(/\bnpm (?:run(?:-script)?) ([\w:.-]+)/g)) if (!scripts.includes(match[1]!)) missing.push(`${page}: npm run ${match[1]}`);
        for (const match of code.matchAll(/\bnpm (start|test)\b/g)) if (!scripts.includes(match[1]!)) missing.push(`${page}: npm ${match[1]}`);
        for (const match of code.matchAll(/\b(?:node|tsx|bash) ((?:\.\/)?[\w./-]+\.(?:m?js|ts|sh)|\.ci\/run)\b/g)) if (!existsSync(match[1]!)) missing.push(`${page}: ${match[0]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every source path the pages name exists (a moved file is a stale page)', () => {
    const missing: string[] = [];
    for (const page of pages) {
      for (const code of codeOf(readFileSync(page, 'utf8'))) {
        for (const match of code.matchAll(/(?<![\w/.-])((?:src|test|workers|public|docs|\.ci)\/[\w./-]*[\w-])(?![\w*<{])/g)) {
          const path = match[1]!;
          // Written by `npm run models:fetch` on the deployer's machine, not in the repository.
          if (path.startsWith('public/models')) continue;
          if (!existsSync(path) || (path.endsWith('/') && !statSync(path).isDirectory())) missing.push(`${page}: ${path}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
