// CPU time of a Chromium's renderer processes, read from Linux's /proc (schedstat: nanoseconds
// on a CPU), so that a figure counts only the time the page's code ran. On these shared 2-core
// machines the wall clock also counts the time a busy neighbour held the core, which moves the
// figures by half between runs; CPU time moves far less. Linux only.
import { readFileSync, readdirSync } from 'node:fs';

const read = (path) => { try { return readFileSync(path, 'utf8'); } catch { return null; } };

/** An argument to launch Chromium with, naming it among the machine's processes. */
export const marker = () => `--ctrcfg-bench-marker=${process.pid}-${Date.now()}`;

/** Nanoseconds on a CPU so far of every thread of every renderer of the Chromium started with
 * `mark` (its processes have it on their command line, or descend from one that has). */
export function rendererCpuNs(mark) {
  const procs = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const stat = read(`/proc/${pid}/stat`);
    const cmdline = read(`/proc/${pid}/cmdline`);
    if (stat === null || cmdline === null) continue;
    const ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
    procs.set(pid, { ppid, cmdline });
  }
  const ours = (pid) => {
    for (let p = pid, hops = 0; p && procs.has(p) && hops < 10; p = procs.get(p).ppid, hops++) {
      if (procs.get(p).cmdline.includes(mark)) return true;
    }
    return false;
  };
  let ns = 0;
  for (const [pid, { cmdline }] of procs) {
    if (!cmdline.includes('--type=renderer') || !ours(pid)) continue;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      ns += Number((read(`/proc/${pid}/task/${tid}/schedstat`) ?? '0').split(' ')[0]);
    }
  }
  return ns;
}
