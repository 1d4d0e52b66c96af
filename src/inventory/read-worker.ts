// The worker thread of parallel-read.ts: reads its files in order and posts each one's objects,
// or stops at the first error and posts it. Objects travel as JSON text (decoded faster than a
// structured clone) unless JSON would change them: a file with aliases (js-yaml shares an aliased
// node between its uses, JSON would copy it) or a -0 (JSON writes 0) is posted as it is. Anything
// but an InputError (a file that is no longer a regular file, a text too long for JSON, an
// object that cannot be cloned) hands the file back: the main thread reads it and the ones after.
import * as fs from 'fs';
import { workerData } from 'worker_threads';
import { WorkerInput, WorkerMessage } from './parallel-read';
import { parseExportText, readExportText } from './read-file';
import { InventoryObject } from './types';
import { isInputError } from '../errors';

const { files, limits, port, signal } = workerData as WorkerInput;
const counters = new Int32Array(signal);
const alive = () => void Atomics.add(counters, 1, 1);

for (let index = 0; index < files.length; index++) {
  let message = read(index);
  try {
    port.postMessage(message);
  } catch {
    // an object that cannot be cloned: the main thread reads this file and the ones after it.
    message = { index, handBack: true };
    port.postMessage(message);
  }
  Atomics.add(counters, 0, 1);
  Atomics.notify(counters, 0);
  if (!('json' in message) && !('objects' in message)) break;
}
port.close();

function read(index: number): WorkerMessage {
  try {
    // a pipe or a device is read once, by the main thread (the split gives the worker regular files only).
    if (!fs.statSync(files[index].resolved).isFile()) return { index, handBack: true };
    const text = readExportText(files[index], limits);
    alive();
    const objects = parseExportText(text, files[index], limits, alive);
    alive();
    if (text.includes('*') || objects.some(o => hasNegativeZero(o.object))) return { index, objects };
    return { index, json: JSON.stringify(objects) };
  } catch (e) {
    if (!isInputError(e)) return { index, handBack: true };
    return { index, error: { message: e.message, ...(e.location ? { location: e.location } : {}) } };
  }
}

// JSON writes -0 as 0; JSON.parse reads `-0` in a .json file as -0.
function hasNegativeZero(value: unknown): boolean {
  if (typeof value === 'number') return Object.is(value, -0);
  if (value === null || typeof value !== 'object') return false;
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (hasNegativeZero(v)) return true;
  return false;
}

/** the objects of one file; a type the messages refer to. */
export type { InventoryObject };
