import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** CPU time (ms) the processes of the browser using this profile have used so far, from /proc. */
function browserCpuMs(userDataDir: string): number {
  // Linux counts CPU time in ticks of 1/100 s (USER_HZ).
  const msPerTick = 10;
  let ticks = 0;
  for (const line of execSync('ps -eo pid=,args=', { encoding: 'utf8', maxBuffer: 1 << 24 }).split('\n')) {
    if (!line.includes(`--user-data-dir=${userDataDir}`)) continue;
    const pid = line.trim().split(/\s+/, 1)[0];
    try {
      // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended between ps and the read.
    }
  }
  return ticks * msPerTick;
}

/**
 * Waits until a just-launched browser has finished starting: in its first seconds Chromium
 * builds its own UI (the omnibox popup's WebUI renderer and more), about 1.5 CPU-seconds here,
 * which on two cores competes with a page opened at once. A user opens Sift in a browser that is
 * running already, so the bench opens it once the browser's processes have used under 10% of a
 * core for two quarter-seconds in a row (at most `maxMs`; a fixed 3 s where /proc is missing).
 * Resolves with how long it waited.
 */
export async function untilBrowserIdle(userDataDir: string, maxMs = 15_000): Promise<number> {
  const start = Date.now();
  const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  if (!existsSync('/proc/self/stat')) {
    await wait(3_000);
    return Date.now() - start;
  }
  let quiet = 0;
  let before = browserCpuMs(userDataDir);
  while (quiet < 2 && Date.now() - start < maxMs) {
    await wait(250);
    const now = browserCpuMs(userDataDir);
    quiet = now - before < 25 ? quiet + 1 : 0;
    before = now;
  }
  return Date.now() - start;
}
