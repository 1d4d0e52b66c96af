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

/**
 * The heap growing factor while an export with a file of {@link BIG_EXPORT_FILE_BYTES} or more is
 * read and cleaned: the next full collection comes at 1.5 times what survived the last one. Such a
 * file is parsed whole on one thread, its objects as read all alive at once, with its text (twice
 * early on: js-yaml parses a copy ending in a terminator); the limit V8 sets from a collection then
 * let the heap grow to 2.5 times that while the objects were cleaned. Measured through the CLI on
 * the 50,000-app estate as one 368 MiB List: peak RSS 2,219 MiB before, 1,915 MiB after, 38 to 39 s
 * before and 34 to 36 s after (the machine's noise); at 20,000 apps (147 MiB), 936 to 862 MiB, 12.5
 * to 13.3 s. The factor during the parse alone changed nothing (2,164 MiB): the peak is in the clean.
 * Not for the read of many smaller files: the same factor there cost 10 to 20 % of a 20,000-app
 * synth (11.4 s, 12.6 to 14.0 s with it), and changed no peak.
 */
export const HEAP_GROWING_PERCENT_BIG_FILE = 50;

/** the size of one export file from which its read and clean run at {@link HEAP_GROWING_PERCENT_BIG_FILE}: 64 MiB. */
export const BIG_EXPORT_FILE_BYTES = 64 * 2 ** 20;

/** how the factor was set when {@link limitHeapGrowth} set it; undefined when the user chose it, or in a library. */
let setByUs: ((flags: string) => void) | undefined;

/** whether the factor is {@link HEAP_GROWING_PERCENT_BIG_FILE} until {@link relaxHeapGrowthAfterRead}. */
let tightened = false;

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
  setByUs = setFlags;
  tightened = false;
  return true;
}

/**
 * Sets {@link HEAP_GROWING_PERCENT_BIG_FILE} when the largest file of the export about to be
 * read has {@link BIG_EXPORT_FILE_BYTES} or more, until {@link relaxHeapGrowthAfterRead}; only
 * where {@link limitHeapGrowth} set the factor (the CLI, the app of `cdk8s synth`), never where
 * the user chose it or in a program that imports the library. A process that reads an export and
 * no more (`karmada-migrate inventory`) keeps the tighter factor to its end.
 *
 * @returns whether it was set
 */
export function tightenHeapGrowthForRead(largestFileBytes: number): boolean {
  if (!setByUs || tightened || largestFileBytes < BIG_EXPORT_FILE_BYTES) return false;
  setByUs(`--heap-growing-percent=${HEAP_GROWING_PERCENT_BIG_FILE}`);
  tightened = true;
  return true;
}

/**
 * Sets {@link HEAP_GROWING_PERCENT} back once the export is read and cleaned, when
 * {@link tightenHeapGrowthForRead} had tightened it.
 *
 * @returns whether it was set back
 */
export function relaxHeapGrowthAfterRead(): boolean {
  if (!setByUs || !tightened) return false;
  setByUs(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  tightened = false;
  return true;
}

/** forgets that {@link limitHeapGrowth} set the factor (tests). */
export function resetHeapGrowth(): void {
  setByUs = undefined;
  tightened = false;
}
