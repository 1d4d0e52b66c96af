// private: a model of what Go's JSON decoding into a typed struct, then encoding/json's
// json.Marshal, do to a JSON document. a webhook that decodes a request into its Go type,
// changes it and answers with `admission.PatchResponseFromRaw(raw, json.Marshal(obj))`
// stores exactly the marshalled document: unknown fields vanish, zero values of `omitempty`
// fields vanish (`propagateDeps: false`, `clusterNames: []`), and non-pointer structs
// appear even when absent (`placement: {}`).

import { InputError } from '../errors';
import { formatFieldPath, PathSegment } from './field-path';
import { isJsonObject, JsonObject, JsonValue, setOwn } from './json';

/** a Go type, as far as its JSON encoding is concerned. */
export type GoType =
  | { readonly kind: 'string' | 'bool' | 'int32' | 'int64' }
  | { readonly kind: 'ptr' | 'slice' | 'map'; readonly elem: GoType }
  | { readonly kind: 'struct'; readonly name: string; readonly fields: readonly GoField[] };

/** a field of a Go struct and its `json:"name,omitempty"` tag. */
export interface GoField {
  /** the JSON name. */
  readonly json: string;
  /** whether the tag says `omitempty`. */
  readonly omitempty: boolean;
  /** the field's type. */
  readonly type: GoType;
}

/** a nil pointer, slice or map. */
export const NIL: unique symbol = Symbol('nil');

/**
 * A decoded Go value: scalars as themselves, nil as `NIL`, slices as arrays, maps and
 * structs as objects (a struct always holds every one of its fields).
 */
export type GoValue = string | number | boolean | typeof NIL | GoValue[] | GoObject;

/** a decoded Go struct or map. */
export interface GoObject {
  [key: string]: GoValue;
}

/** the Go scalar types and type constructors, for writing type tables. */
export const go = {
  string: { kind: 'string' } as GoType,
  bool: { kind: 'bool' } as GoType,
  int32: { kind: 'int32' } as GoType,
  // `int` is 64 bits wide on every platform Karmada ships for.
  int64: { kind: 'int64' } as GoType,
  ptr: (elem: GoType): GoType => ({ kind: 'ptr', elem }),
  slice: (elem: GoType): GoType => ({ kind: 'slice', elem }),
  map: (elem: GoType): GoType => ({ kind: 'map', elem }),
  /** a struct from `{ 'jsonName,omitempty': type }`; spread another struct's `fields` for an inline member. */
  struct: (name: string, ...members: Array<Record<string, GoType> | readonly GoField[]>): GoType => ({
    kind: 'struct',
    name,
    fields: members.flatMap((m) => (Array.isArray(m) ? m : Object.entries(m).map(([tag, type]) => {
      const [json, ...opts] = tag.split(',');
      return { json, omitempty: opts.includes('omitempty'), type };
    }))),
  }),
};

/**
 * Decodes JSON into a Go value of type `t`, as `json.Unmarshal` does: unknown fields are
 * ignored, `null` and absent fields leave the zero value.
 *
 * @throws InputError where Go would fail ("cannot unmarshal string into Go value of type int32")
 */
export function goDecode(json: JsonValue | undefined, t: GoType, path: PathSegment[] = []): GoValue {
  if (json === undefined || json === null) return zero(t);
  const fail = (): never => {
    const got = Array.isArray(json) ? 'array' : isJsonObject(json) ? 'object' : typeof json;
    throw new InputError(`${formatFieldPath(path)}: cannot unmarshal ${got} into Go value of type ${typeName(t)}`);
  };
  switch (t.kind) {
    case 'string':
      return typeof json === 'string' ? json : fail();
    case 'bool':
      return typeof json === 'boolean' ? json : fail();
    case 'int32':
      return typeof json === 'number' && Number.isInteger(json) && json >= -(2 ** 31) && json < 2 ** 31 ? json : fail();
    case 'int64':
      return typeof json === 'number' && Number.isInteger(json) && json >= -(2 ** 63) && json < 2 ** 63 ? json : fail();
    case 'ptr':
      return goDecode(json, t.elem, path);
    case 'slice':
      return Array.isArray(json) ? json.map((item, i) => goDecode(item, t.elem, [...path, i])) : fail();
    case 'map': {
      if (!isJsonObject(json)) return fail();
      const out: GoObject = {};
      for (const [k, v] of Object.entries(json)) setOwn(out, k, goDecode(v, t.elem, [...path, k]));
      return out;
    }
    case 'struct': {
      if (!isJsonObject(json)) return fail();
      const out: GoObject = {};
      for (const f of t.fields) {
        const has = Object.prototype.hasOwnProperty.call(json, f.json);
        out[f.json] = goDecode(has ? json[f.json] : undefined, f.type, [...path, f.json]);
      }
      return out;
    }
  }
}

/**
 * Encodes a Go value of type `t` as `json.Marshal` does: `omitempty` drops `false`, `0`,
 * `""`, nil and empty slices and maps, but never a struct; a nil without `omitempty` is `null`.
 */
export function goEncode(v: GoValue, t: GoType): JsonValue {
  if (v === NIL) return null;
  switch (t.kind) {
    case 'string':
    case 'bool':
    case 'int32':
    case 'int64':
      return v as string | boolean | number;
    case 'ptr':
      return goEncode(v, t.elem);
    case 'slice':
      return (v as GoValue[]).map((item) => goEncode(item, t.elem));
    case 'map': {
      const out: JsonObject = {};
      for (const [k, item] of Object.entries(v as GoObject)) setOwn(out, k, goEncode(item, t.elem));
      return out;
    }
    case 'struct': {
      const out: JsonObject = {};
      for (const f of t.fields) {
        const fv = (v as GoObject)[f.json];
        if (f.omitempty && isEmptyValue(fv, f.type)) continue;
        out[f.json] = goEncode(fv, f.type);
      }
      return out;
    }
  }
}

function isEmptyValue(v: GoValue, t: GoType): boolean {
  switch (t.kind) {
    case 'string':
      return v === '';
    case 'bool':
      return v === false;
    case 'int32':
    case 'int64':
      return v === 0;
    case 'ptr':
      return v === NIL;
    case 'slice':
      return v === NIL || (v as GoValue[]).length === 0;
    case 'map':
      return v === NIL || Object.keys(v as GoObject).length === 0;
    case 'struct':
      return false;
  }
}

function zero(t: GoType): GoValue {
  switch (t.kind) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int32':
    case 'int64':
      return 0;
    case 'ptr':
    case 'slice':
    case 'map':
      return NIL;
    case 'struct': {
      const out: GoObject = {};
      for (const f of t.fields) out[f.json] = zero(f.type);
      return out;
    }
  }
}

function typeName(t: GoType): string {
  switch (t.kind) {
    case 'ptr':
      return `*${typeName(t.elem)}`;
    case 'slice':
      return `[]${typeName(t.elem)}`;
    case 'map':
      return `map[string]${typeName(t.elem)}`;
    case 'struct':
      return t.name;
    default:
      return t.kind;
  }
}
