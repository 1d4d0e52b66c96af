// A full collection once an export is read and cleaned, for the processes this package starts
// (the CLI, and the app `cdk8s synth` runs). Not done for a program that imports the library.
import * as v8 from 'v8';
import * as vm from 'vm';
import { relaxHeapGrowthAfterRead } from './heap-growth';

/**
 * The objects read from which {@link collectAfterRead} collects: below it the estate as read is
 * small, and a collection saves nothing worth its time.
 */
export const COLLECT_MIN_OBJECTS = 10_000;

/** what gives the collection function, once {@link enableCollectAfterRead} was called. */
let collector: (() => () => void) | undefined;

/** node's flag that exposes the collector under a name of the user's (`--expose-gc-as=NAME`). */
const USER_NAMED_GC = /^--expose[-_]gc[-_]as\b/;

/**
 * Makes {@link collectAfterRead} collect in this process. V8 exposes its collector to a context
 * made after `--expose-gc` is set (`global.gc` when node was started with the flag); that
 * context is made at the first collection, so a command that reads no big export makes none.
 * The collection is a saving, never a failure: when the collector cannot be had (node started
 * with `--expose-gc-as=NAME`, whose flags are the user's to keep), nothing is collected.
 *
 * @param gc the collection function; by default `global.gc`, else V8's, through a context of its own
 * @param execArgv node's options, where the user may have named the collector
 */
export function enableCollectAfterRead(gc?: () => void, execArgv: readonly string[] = process.execArgv): void {
  let resolved = gc;
  collector = () => (resolved ??= (globalThis as { gc?: () => void }).gc ?? exposedGc(execArgv));
}

/** makes {@link collectAfterRead} do nothing again (tests). */
export function disableCollectAfterRead(): void {
  collector = undefined;
}

/**
 * Collects the whole heap once an export of `objects` objects is read and cleaned, when
 * {@link enableCollectAfterRead} was called and the export is big.
 *
 * Why: the objects as read (and, while they are parsed, the text of their file) become garbage
 * together once the clean is done. V8 starts its next full collection only when the heap
 * reaches its growing factor (see heap-growth.ts) times what survived the last one
 * (v8 src/heap/heap-controller.cc, MemoryController::CalculateAllocationLimit). That last one
 * may have come while a 147 MiB export file was being parsed, with its text alive: the
 * 20,000-app estate as one `kubectl get -o yaml` List then let the heap reach 1.1 GB before
 * collecting (peak RSS 1,251 MiB). A collection here sets the limit from what the pipeline keeps:
 * 933 to 939 MiB on that file, and 554 to 559 MiB (from 590 to 620) on the same estate in 200 files.
 *
 * The heap growing factor goes back to the pipeline's first, when the read of a big file had
 * tightened it (heap-growth.ts), so that the collection sets the next limit with it.
 *
 * @returns whether it asked V8 for a collection (which does nothing when the collector could not be had)
 */
export function collectAfterRead(objects: number): boolean {
  relaxHeapGrowthAfterRead();
  if (!collector || objects < COLLECT_MIN_OBJECTS) return false;
  collector()();
  return true;
}

function exposedGc(execArgv: readonly string[]): () => void {
  if (execArgv.some(a => USER_NAMED_GC.test(a))) return () => undefined;
  v8.setFlagsFromString('--expose-gc');
  try {
    const gc = vm.runInNewContext('typeof gc === "function" ? gc : undefined') as (() => void) | undefined;
    return gc ?? (() => undefined);
  } catch {
    return () => undefined;
  } finally {
    // only the context made above gets the collector; the flag is no longer needed.
    v8.setFlagsFromString('--no-expose-gc');
  }
}
