// the evidence files the review commands read: YAML or JSON, a List or documents, files,
// directories or `-` for standard input, read as an export is.
import { InputError, isInputError } from '../errors';
import { readInventory } from '../inventory/read';
import { groupOf } from '../kube/object';

/** What the files of an evidence flag must hold. */
export interface EvidenceKinds {
  /** the flag, for messages (`--works`). */
  readonly flag: string;
  /** the API group of the objects (`work.karmada.io`). */
  readonly group: string;
  /** their kinds. */
  readonly kinds: readonly string[];
  /** the command that exports them, for the fix. */
  readonly give: string;
}

/**
 * reads evidence files (`kubectl get ... -o json` output) and hands their objects to `read`.
 *
 * @param kinds what every object must be; one that is not is refused naming its file, document and line
 * @throws InputError naming the files when they cannot be read or `read` refuses them
 */
export function readEvidence<T>(files: readonly string[], read: (objects: unknown[]) => T, kinds?: EvidenceKinds): T {
  const entries = readInventory(files);
  if (kinds) {
    for (const { object: o, source, item } of entries) {
      if (kinds.kinds.includes(o.kind) && groupOf(o.apiVersion) === kinds.group) continue;
      const name = `${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
      throw new InputError(`${kinds.flag}: ${item ? `${item}, ` : ''}${o.kind} ${name} (${o.apiVersion}) is not a ${kinds.kinds.join(' or ')} of ${kinds.group}; ` +
        `give the output of '${kinds.give}'`, source);
    }
  }
  const objects = entries.map(o => o.object);
  try {
    return read(objects);
  } catch (e) {
    if (isInputError(e)) throw e;
    throw new InputError((e as Error).message, { file: files.join(', ') });
  }
}
