// The worker thread of parallel-read.ts: reads its files in order and posts each one's objects,
// as JSON text (decoded faster than a structured clone), or stops at the first error and posts it.
import { workerData } from 'worker_threads';
import { WorkerInput, WorkerMessage } from './parallel-read';
import { readExportFile } from './read-file';
import { InventoryObject } from './types';

const { files, limits, port, signal } = workerData as WorkerInput;
const counters = new Int32Array(signal);
const alive = () => void Atomics.add(counters, 1, 1);

for (let index = 0; index < files.length; index++) {
  let message: WorkerMessage;
  try {
    const objects = readExportFile(files[index], limits, alive);
    message = objects.some(o => hasNegativeZero(o.object)) ? { index, objects } : { index, json: JSON.stringify(objects) };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const location = (err as { location?: unknown }).location;
    message = { index, error: { name: err.name, message: err.message, ...(location ? { location: location as never } : {}) } };
  }
  port.postMessage(message);
  Atomics.add(counters, 0, 1);
  Atomics.notify(counters, 0);
  if ('error' in message) break;
}
port.close();

// JSON writes -0 as 0; YAML's `-0` is read as -0 (and written back as `-0.0`), so such objects travel as they are.
function hasNegativeZero(value: unknown): boolean {
  if (typeof value === 'number') return Object.is(value, -0);
  if (value === null || typeof value !== 'object') return false;
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (hasNegativeZero(v)) return true;
  return false;
}

/** the objects of one file; a type the messages refer to. */
export type { InventoryObject };
