// How far the V8 heap grows between full collections, for the processes this package starts
// (the CLI, and the app `cdk8s synth` runs). Not set for a program that imports the library.
import * as v8 from 'v8';

/**
 * The heap growing factor set by {@link limitHeapGrowth}: after a full collection, the next one
 * comes when the heap is 2.5 times what survived. V8 picks the factor itself otherwise, up to 4
 * times when collections are cheap (v8 src/heap/heap-controller.cc, MemoryController::GrowingFactor):
 * a synth of 20,000 apps keeps about 450 MB alive, and with a factor of 4 its heap reached
 * 1 GB before V8 collected it. Measured on that estate: peak RSS about 1,000 to 740 MiB, the
 * same time within the noise of the machine; at 50,000 apps V8's own factor was already lower.
 */
export const HEAP_GROWING_PERCENT = 150;

/** the node flag that sets the heap growing factor, as the user may give it (`-` or `_`). */
const USER_FLAG = /^--heap[-_]growing[-_]percent\b/;

/**
 * Sets {@link HEAP_GROWING_PERCENT}, unless the user chose a factor on node's command line
 * (`node --heap-growing-percent=N`): theirs stands. Node refuses this flag in `NODE_OPTIONS`.
 *
 * @returns whether it was set
 */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv, setFlags: (flags: string) => void = v8.setFlagsFromString): boolean {
  if (execArgv.some(a => USER_FLAG.test(a))) return false;
  // V8 reads this flag at every full collection, so it applies although the VM is running.
  setFlags(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
