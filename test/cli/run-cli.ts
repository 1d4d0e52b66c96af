// runs the CLI in-process and captures what it prints (the harness of synth.test.ts, shared).
import { runCli } from '../../src/cli';

/** What a CLI run printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** runs `karmada-migrate ARGS` in this process; `process.exitCode` is reset afterwards. */
export async function runCapturing(args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const so = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
  const se = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true));
  const sl = jest.spyOn(console, 'log').mockImplementation((...s: unknown[]) => void out.push(s.join(' ') + '\n'));
  const sr = jest.spyOn(console, 'error').mockImplementation((...s: unknown[]) => void err.push(s.join(' ') + '\n'));
  process.exitCode = 0;
  try {
    await runCli(args);
    return { code: Number(process.exitCode ?? 0), stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.exitCode = 0;
    so.mockRestore(); se.mockRestore(); sl.mockRestore(); sr.mockRestore();
  }
}
