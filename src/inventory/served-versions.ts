// refuses custom resources in a version their CustomResourceDefinition does not serve; internal to the inventory layer.
import { entryError } from './_util';
import { InventoryObject } from './types';
import { crdVersionsByKind, unservedVersionProblem } from '../kube/api-versions';

/**
 * Checks each object of a custom kind whose CustomResourceDefinition is among the entries:
 * its apiVersion must be a version the CRD serves, as the Karmada API server refuses any
 * other (written unchanged, the template would fail its delivery's sync).
 *
 * @throws InputError naming the file, document and line of the first such object, the CRD and the versions it serves
 */
export function checkServedVersions(entries: readonly InventoryObject[]): void {
  const crds = crdVersionsByKind(entries.map(e => e.object));
  if (crds.size === 0) return;
  for (const entry of entries) {
    const problem = unservedVersionProblem(entry.object.apiVersion, entry.object.kind, crds);
    if (problem) throw entryError(entry, problem);
  }
}
