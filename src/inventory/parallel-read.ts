// Reads the files of a big export on two threads: this one reads the first files, a worker
// thread (read-worker.ts) the others, each file whole and in order. The result and the first
// error are those of reading the files one after the other: this thread's files come first (the
// worker's error is thrown only once they are all read), and the worker stops at its first error.
// The worker gets regular files only (a pipe can be read once), and only at the default depth
// limit (the threads' stacks differ, so a deeper limit could pass on one and fail on the other).
// YAML parsing is most of a synth's time on a big estate, and a machine running one has a second core.
import * as fs from 'fs';
import * as path from 'path';
import { MessageChannel, MessagePort, receiveMessageOnPort, ResourceLimits, Worker } from 'worker_threads';
import { FileLimits, FileRef, readExportFile } from './read-file';
import { InventoryObject } from './types';
import { InputError, SourceLocation } from '../errors';

/** The default of {@link ParallelReadOptions.minBytes}: 16 MiB. */
export const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;

/** the deepest maxDepth at which the worker reads: the default, which both threads' stacks parse. */
const MAX_PARALLEL_DEPTH = 256;

/** the share of the bytes this thread reads: a little less than half, as it also decodes what the worker sends. */
const OWN_SHARE = 0.45;

/** Options of {@link readExportFiles}. */
export interface ParallelReadOptions {
  /**
   * the total size of the files from which a worker thread reads part of them; below it (or
   * with a single file) they are read on this thread, as starting a worker costs more than it saves.
   *
   * @default PARALLEL_MIN_BYTES
   */
  readonly minBytes?: number;

  /**
   * the worker's script.
   *
   * @default - `read-worker.js` beside this module, when it is there: the compiled package has it,
   * the TypeScript sources run through ts-jest or tsx do not, and read every file on this thread
   */
  readonly workerScript?: string;

  /**
   * how long the worker may go without a sign of life (it gives one every few thousand values it
   * parses) before this thread takes it for dead and reads the worker's remaining files itself
   * (regular files, which read the same twice).
   *
   * @default 15000
   */
  readonly stallMs?: number;

  /**
   * the worker's heap limits.
   *
   * @default - node's
   */
  readonly resourceLimits?: ResourceLimits;
}

/** what the worker is given (workerData). */
export interface WorkerInput {
  readonly files: readonly FileRef[];
  readonly limits: FileLimits;
  readonly port: MessagePort;
  /** [0]: messages posted; [1]: signs of life. */
  readonly signal: SharedArrayBuffer;
}

/**
 * what the worker posts for its file `index`: the objects as JSON text, the objects themselves
 * (when JSON would change them), the InputError it stopped at, or the file handed back to this
 * thread (with the ones after it) when anything else went wrong.
 */
export type WorkerMessage =
  | { readonly index: number; readonly json: string }
  | { readonly index: number; readonly objects: InventoryObject[] }
  | { readonly index: number; readonly error: { readonly message: string; readonly location?: SourceLocation } }
  | { readonly index: number; readonly handBack: true };

/**
 * Reads and parses `files`, in parallel when they are big enough (see {@link ParallelReadOptions}).
 *
 * @returns the objects of each file, in the order of `files`
 * @throws InputError the first problem in file order, as reading the files one by one would
 */
export function readExportFiles(files: readonly FileRef[], limits: FileLimits, options: ParallelReadOptions = {}): InventoryObject[][] {
  const script = options.workerScript ?? path.join(__dirname, 'read-worker.js');
  const parallel = files.length >= 2 && limits.maxDepth <= MAX_PARALLEL_DEPTH && fs.existsSync(script);
  const split = parallel ? ownShare(files, options.minBytes ?? PARALLEL_MIN_BYTES) : undefined;
  if (split === undefined) return files.map(f => readExportFile(f, limits));
  const results: InventoryObject[][] = new Array<InventoryObject[]>(files.length);
  let helper: Helper;
  try {
    helper = new Helper(script, files.slice(split), limits, options);
  } catch {
    // the worker could not be started (no thread left under a pids limit, a script path node
    // refuses, a heap limit it rejects): this thread reads every file, as it would without one.
    return files.map(f => readExportFile(f, limits));
  }
  try {
    for (let i = 0; i < split; i++) {
      results[i] = readExportFile(files[i], limits);
      helper.collect(results, split);
    }
    helper.finish(results, split, i => readExportFile(files[i], limits));
  } finally {
    helper.stop();
  }
  return results;
}

// how many files this thread reads (the first ones, about OWN_SHARE of the bytes), or undefined
// when the files are too small together to be worth a worker, or one is not a regular file.
function ownShare(files: readonly FileRef[], minBytes: number): number | undefined {
  const sizes: number[] = [];
  for (const f of files) {
    try {
      const stat = fs.statSync(f.resolved);
      if (!stat.isFile()) return undefined;
      sizes.push(stat.size);
    } catch {
      return undefined; // reading it on one thread tells what is wrong
    }
  }
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total < minBytes) return undefined;
  let own = 0;
  let bytes = 0;
  while (own < files.length - 1 && bytes + sizes[own] / 2 < total * OWN_SHARE) bytes += sizes[own++];
  return Math.max(own, 1);
}

class Helper {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal: Int32Array;
  private readonly count: number;
  private received = 0;
  /** the worker's error, thrown once this thread's own files are read: they come first. */
  private error: Error | undefined;
  /** the first file the worker handed back: this thread reads it and the ones after it. */
  private handedBack: number | undefined;

  public constructor(script: string, files: readonly FileRef[], limits: FileLimits, private readonly options: ParallelReadOptions) {
    const { port1, port2 } = new MessageChannel();
    const signal = new SharedArrayBuffer(8);
    const workerData: WorkerInput = { files, limits, port: port2, signal };
    this.worker = new Worker(script, {
      workerData, transferList: [port2], stdout: true, stderr: true, ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
    });
    // nothing of the worker keeps the process alive, and an error it dies of is this thread's to handle (finish).
    this.worker.unref();
    this.worker.on('error', () => undefined);
    this.port = port1;
    this.signal = new Int32Array(signal);
    this.count = files.length;
  }

  /** takes what the worker has posted so far, without waiting. */
  public collect(results: InventoryObject[][], offset: number): void {
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) this.take(m.message as WorkerMessage, results, offset);
  }

  /**
   * waits for the worker's files; when it gives no sign of life for `stallMs` (it died: out of
   * memory, or could not start), reads the files it has not sent on this thread.
   */
  public finish(results: InventoryObject[][], offset: number, readHere: (index: number) => InventoryObject[]): void {
    const stallMs = this.options.stallMs ?? 15_000;
    let life = this.life();
    let quietSince = Date.now();
    const readRest = (from: number) => {
      this.stop();
      for (let i = from; i < this.count; i++) results[offset + i] = readHere(offset + i);
    };
    while (this.received < this.count) {
      this.collect(results, offset);
      if (this.error) throw this.error;
      if (this.handedBack !== undefined) return readRest(this.handedBack);
      if (this.received === this.count) break;
      const posted = Atomics.load(this.signal, 0);
      if (posted > this.received) continue;
      Atomics.wait(this.signal, 0, posted, Math.min(stallMs, 1000));
      const now = this.life();
      if (now !== life) {
        life = now;
        quietSince = Date.now();
      } else if (Date.now() - quietSince >= stallMs) {
        this.collect(results, offset);
        if (this.error) throw this.error;
        return readRest(this.handedBack ?? this.received);
      }
    }
    if (this.error) throw this.error;
    if (this.handedBack !== undefined) readRest(this.handedBack);
  }

  public stop(): void {
    this.port.close();
    void this.worker.terminate();
  }

  private life(): string {
    return `${Atomics.load(this.signal, 0)}/${Atomics.load(this.signal, 1)}`;
  }

  private take(message: WorkerMessage, results: InventoryObject[][], offset: number): void {
    if (message.index !== this.received) throw new Error(`the read worker sent file ${message.index} when ${this.received} was expected`);
    this.received++;
    if ('error' in message) this.error = revive(message.error);
    else if ('handBack' in message) this.handedBack = message.index;
    else results[offset + message.index] = 'json' in message ? JSON.parse(message.json) as InventoryObject[] : message.objects;
  }
}

// the InputError the worker stopped at, as it would have been thrown here.
function revive(error: { readonly message: string; readonly location?: SourceLocation }): InputError {
  const e = new InputError('', error.location);
  e.message = error.message;
  return e;
}
