import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { setOwn } from '../kube/json';
import { KubeObject } from '../kube/object';

/**
 * The ApiObject of a resource template. A template is data read from a cluster, with no
 * token in it, so it is rendered without cdk8s' resolution: cdk8s-core src/resolve.ts and
 * src/_util.ts sanitizeValue read `value.constructor` of every mapping, so a label, an
 * annotation or a field named `constructor` (`toString`, `__proto__`...) breaks the render or
 * changes the value. The output is cdk8s' own shape: `apiVersion`, `kind`, `metadata`, then
 * the other fields, keys sorted at every level (unless `CDK8S_DISABLE_SORT` is set, as in
 * cdk8s-core src/api-object.ts toJson), `null` fields left out, and in `metadata` empty
 * mappings and lists left out too (src/metadata.ts toJson).
 *
 * The object is rendered as given: changes made through `metadata` of this ApiObject do not
 * reach the output; JSON patches (`addJsonPatch`) do.
 */
export class TemplateObject extends ApiObject {
  private readonly _patches: JsonPatch[] = [];

  public constructor(scope: Construct, id: string, private readonly _object: KubeObject) {
    const { apiVersion, kind, metadata, ...rest } = _object;
    super(scope, id, { apiVersion, kind, metadata: { ...metadata }, ...rest });
  }

  public override addJsonPatch(...ops: JsonPatch[]): void {
    this._patches.push(...ops);
  }

  public override toJson(): any { // eslint-disable-line @typescript-eslint/no-explicit-any -- the signature of ApiObject.toJson
    const sortKeys = !process.env.CDK8S_DISABLE_SORT;
    const object = this._object as unknown as Record<string, unknown>;
    const out: Record<string, unknown> = { apiVersion: this._object.apiVersion, kind: this._object.kind };
    out.metadata = sanitize({ ...this._object.metadata }, true, true) ?? {};
    const rest = Object.keys(object).filter(k => k !== 'apiVersion' && k !== 'kind' && k !== 'metadata');
    for (const key of sortKeys ? rest.sort() : rest) {
      const value = sanitize(object[key], false, sortKeys);
      if (value !== undefined) setOwn(out, key, value);
    }
    return this._patches.length > 0 ? JsonPatch.apply(out, ...this._patches) : out;
  }
}

// a deep copy without null fields (and, with filterEmpty, without empty mappings and lists), keys
// sorted; every key is an own property of the copy, whatever its name.
function sanitize(value: unknown, filterEmpty: boolean, sortKeys: boolean): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    if (filterEmpty && value.length === 0) return undefined;
    return value.map(item => sanitize(item, filterEmpty, sortKeys) ?? null);
  }
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of sortKeys ? Object.keys(record).sort() : Object.keys(record)) {
    const item = sanitize(record[key], filterEmpty, sortKeys);
    if (item !== undefined) setOwn(out, key, item);
  }
  return filterEmpty && Object.keys(out).length === 0 ? undefined : out;
}
