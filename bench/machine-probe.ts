// How much this machine charges for memory touched for the first time, alone and while other
// memory is in use: on the project's machine (a Firecracker VM whose memory the host backs on
// first touch and takes back when freed), filling 512 MiB took 240 ms alone and 860 to 1,740 ms
// while another process held 1,280 MiB; writing 157,000 small files to /dev/shm, 1.7 s alone and
// 3.3 to 3.9 s while it held 1,024 MiB or more (768 MiB: no change); hours later, no difference. A pipeline that holds more memory then pays more per page it touches, file-system
// pages included, and its growth between two sizes is partly the machine's. The bench measures
// it in the same run, to read the growth factors by.
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** what the probe touches, in MiB. */
export const PROBE_MIB = 512;

/** what {@link probeFreshMemory} measured, medians of its runs. */
export interface FreshMemoryProbe {
  /** filling {@link PROBE_MIB} MiB freshly allocated, in a process of its own, nothing else running, in ms. */
  readonly aloneMs: number;
  /** the same while another process holds each amount of MiB, in ms, by amount. */
  readonly heldMs: Record<string, number>;
}

/** a node program that fills `mib` MiB of fresh memory in 64 MiB buffers and prints how long it took. */
function fillProgram(mib: number): string {
  return `const t=process.hrtime.bigint();const k=[];for(let i=0;i<${Math.ceil(mib / 64)};i++){const b=Buffer.allocUnsafe(64<<20);b.fill(i+1);k.push(b)}` +
    'process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))';
}

function fillMs(runs: number): number {
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const child = spawnSync(process.execPath, ['-e', fillProgram(PROBE_MIB)], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`the memory probe failed: ${child.stderr}`);
    samples.push(Number(child.stdout));
  }
  samples.sort((a, b) => a - b);
  return Math.round(samples[Math.floor(samples.length / 2)]);
}

/** blocks this thread for `ms` (the bench is synchronous; the holder is another process). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Measures the cost of fresh memory alone, then while a process of its own holds each of
 * `held` MiB (filled, so that the machine backs it).
 *
 * @param held the amounts to hold, in MiB (the bench passes each size's peak RSS)
 * @param scratch a folder where the holder says it is ready
 */
export function probeFreshMemory(held: readonly number[], scratch: string, runs = 3): FreshMemoryProbe {
  const aloneMs = fillMs(runs);
  const heldMs: Record<string, number> = {};
  for (const mib of held) {
    const ready = path.join(fs.mkdtempSync(path.join(scratch, 'karmada-migrate-probe-')), 'ready');
    const holder = spawn(process.execPath, ['-e', `${fillProgram(mib).replace(/process\.stdout\.write\(.*\)$/, '')};` +
      `require('fs').writeFileSync(${JSON.stringify(ready)},'');setInterval(()=>k.length,1e9)`], { stdio: 'ignore' });
    try {
      const deadline = Date.now() + 60_000;
      while (!fs.existsSync(ready)) {
        if (Date.now() > deadline) throw new Error(`the memory probe's holder of ${mib} MiB was not ready in 60 s`);
        sleep(50);
      }
      heldMs[mib] = fillMs(runs);
    } finally {
      holder.kill('SIGKILL');
      sleep(1000); // the memory of a killed process is the kernel's to free; it is not immediate
      fs.rmSync(path.dirname(ready), { recursive: true, force: true });
    }
  }
  return { aloneMs, heldMs };
}
