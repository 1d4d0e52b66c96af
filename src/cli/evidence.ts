// the evidence files the review commands read: YAML or JSON, a List or documents, files,
// directories or `-` for standard input, read as an export is.
import { InputError, isInputError } from '../errors';
import { readInventory } from '../inventory/read';

/**
 * reads evidence files (`kubectl get ... -o json` output) and hands their objects to `read`.
 *
 * @throws InputError naming the files when they cannot be read or `read` refuses them
 */
export function readEvidence<T>(files: readonly string[], read: (objects: unknown[]) => T): T {
  const objects = readInventory(files).map(o => o.object);
  try {
    return read(objects);
  } catch (e) {
    if (isInputError(e)) throw e;
    throw new InputError((e as Error).message, { file: files.join(', ') });
  }
}
