import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { InputError, malformedYaml } from '../errors';
import { MAX_STRING_BYTES, readTextFile } from '../text-file';
import { CrdSchema, SchemaViolation } from './crd-schema';
import { isJsonObject, JsonObject, toJson } from './json';

/**
 * The schemas of a set of CRDs, one per (group, version, kind), looked up by the
 * `apiVersion` and `kind` of an object.
 *
 * @example
 * const schemas = CrdSchemaSet.fromDirectory('crds/karmada-v1.18.2');
 * schemas.validate(policy); // => [{ path: 'spec.resourceSelectors', message: 'required', effect: 'rejected' }]
 */
export class CrdSchemaSet {
  /**
   * Reads CRDs from YAML or JSON files, each holding one or more documents (regular files or
   * pipes, each read up to what one string holds).
   *
   * @throws InputError when a file cannot be read (a device, a directory) or parsed, or holds
   * something other than a CRD
   */
  public static fromFiles(paths: readonly string[]): CrdSchemaSet {
    const schemas: CrdSchema[] = [];
    for (const file of paths) {
      // a bundle of CRDs can be large: bounded by what one string holds, and a device is refused.
      const text = readTextFile(file, { maxBytes: MAX_STRING_BYTES, what: 'the CRD file', split: 'split the CRDs into several files' });
      let docs: unknown[];
      try {
        docs = yaml.loadAll(text);
      } catch (e) {
        throw malformedYaml(e, text, { file });
      }
      const documents = docs.filter(doc => doc !== null && doc !== undefined).length;
      docs.forEach((doc, document) => {
        // `---` at the start or the end of a file makes an empty document.
        if (doc === null || doc === undefined) return;
        schemas.push(...CrdSchema.fromCrd(doc, { file, document, documents }));
      });
    }
    return new CrdSchemaSet(schemas);
  }

  /**
   * Reads every `.yaml`, `.yml` and `.json` file of a directory (not recursively), in
   * file-name order.
   *
   * @throws InputError as `fromFiles`, or when the directory cannot be listed
   */
  public static fromDirectory(dir: string): CrdSchemaSet {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch (e) {
      throw new InputError(`cannot list the CRD directory: ${(e as Error).message}`, { file: dir });
    }
    const files = names.filter((n) => /\.(ya?ml|json)$/.test(n)).sort().map((n) => path.join(dir, n));
    return CrdSchemaSet.fromFiles(files);
  }

  /**
   * Reads CRDs already parsed (for instance with `yaml.loadAll`). `null` documents are skipped.
   *
   * @throws InputError when a document is not an `apiextensions.k8s.io/v1` CRD
   */
  public static fromDocuments(docs: readonly unknown[]): CrdSchemaSet {
    return new CrdSchemaSet(docs.flatMap((d, document) => (d === null || d === undefined ? [] : CrdSchema.fromCrd(d, { file: '(documents)', document }))));
  }

  /** every schema of the set, in the order read. */
  public readonly schemas: readonly CrdSchema[];

  private readonly byType = new Map<string, CrdSchema>();

  /**
   * @param schemas the schemas; at most one per (group, version, kind)
   * @throws InputError when two schemas describe the same group, version and kind
   */
  public constructor(schemas: readonly CrdSchema[]) {
    for (const s of schemas) {
      const key = typeKey(s.apiVersion, s.kind);
      if (this.byType.has(key)) throw new InputError(`two CRDs define ${s.kind} in ${s.apiVersion}`);
      this.byType.set(key, s);
    }
    this.schemas = [...schemas];
  }

  /**
   * Returns the schema of a kind at a version, or `undefined` when no CRD of the set serves it.
   */
  public schemaFor(apiVersion: string, kind: string): CrdSchema | undefined {
    const s = this.byType.get(typeKey(apiVersion, kind));
    return s?.served ? s : undefined;
  }

  /**
   * Validates an object against the schema of its `apiVersion` and `kind`
   * (see `CrdSchema.validate`). An object of a kind the set does not know gets one
   * violation on `kind`.
   */
  public validate(obj: unknown): SchemaViolation[] {
    const data = toJson(obj);
    if (!isJsonObject(data)) return [{ path: '(root)', message: 'must be object', effect: 'rejected' }];
    const missing = (['apiVersion', 'kind'] as const).filter((f) => typeof data[f] !== 'string' || data[f] === '');
    if (missing.length) return missing.map((f) => ({ path: f, message: 'required', effect: 'rejected' }));
    const s = this.schemaFor(String(data.apiVersion), String(data.kind));
    if (!s) return [{ path: 'kind', message: `no CRD of the set serves ${String(data.kind)} in ${String(data.apiVersion)}`, effect: 'rejected' }];
    return s.validate(data);
  }

  /**
   * Applies the CRD defaults of the object's kind (see `CrdSchema.applyDefaults`).
   *
   * @throws InputError when the set has no schema for the object's `apiVersion` and `kind`
   */
  public applyDefaults(obj: unknown): JsonObject {
    return this.require(obj).applyDefaults(obj);
  }

  /**
   * Returns the schema of the object's `apiVersion` and `kind`.
   *
   * @throws InputError when the set has none
   */
  public require(obj: unknown): CrdSchema {
    const apiVersion = isJsonObject(obj) ? obj.apiVersion : undefined;
    const kind = isJsonObject(obj) ? obj.kind : undefined;
    const s = typeof apiVersion === 'string' && typeof kind === 'string' ? this.schemaFor(apiVersion, kind) : undefined;
    if (!s) throw new InputError(`no CRD of the set serves ${String(kind)} in ${String(apiVersion)}`);
    return s;
  }
}

function typeKey(apiVersion: string, kind: string): string {
  return `${apiVersion} ${kind}`;
}
