/**
 * One step of a path into a JSON object: a property name or an array index.
 */
export type PathSegment = string | number;

/**
 * Renders a path the way Kubernetes field errors name fields:
 * `spec.resourceSelectors[0].kind`.
 *
 * Property names that are not plain identifiers (label keys such as
 * `app.kubernetes.io/name`) are rendered in brackets: `metadata.labels[app.kubernetes.io/name]`.
 * The empty path (the object itself) is rendered `(root)`.
 */
export function formatFieldPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) {
      out += out ? `.${segment}` : segment;
    } else {
      out += `[${segment}]`;
    }
  }
  return out || '(root)';
}

/**
 * One step of a field path as a user writes it (see {@link parseFieldPath}): a property, a
 * list position, the list elements whose `key` equals a value, or every element of a list.
 */
export type FieldPathStep =
  | { readonly field: string }
  | { readonly index: number }
  | { readonly key: string; readonly equals: string }
  | { readonly each: true };

/** A field path that does not parse: `position` is the 0-based character it fails at. */
export class FieldPathSyntaxError extends Error {
  public constructor(message: string, public readonly position: number) {
    super(message);
    this.name = 'FieldPathSyntaxError';
  }
}

const DOTTED_NAME = /^[A-Za-z0-9_$-]+$/;
const SELECTOR_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses a field path: property names joined by dots (`spec.template.spec`); a property whose
 * name is not a plain word (a label key, `app.kubernetes.io/name`) in brackets
 * (`metadata.annotations[kubectl.kubernetes.io/restartedAt]`); and on lists, `[3]` (a
 * position), `[name=app]` (the elements whose `name` is `app`; any key of letters, digits and
 * `_`) or `[*]` (every element). It reads what {@link formatFieldPath} writes.
 *
 * Brackets hold any characters but `]`: a property named `*`, made of digits only or holding
 * `=` or `]` cannot be written.
 *
 * @throws FieldPathSyntaxError saying what is wrong and where
 */
export function parseFieldPath(text: string): FieldPathStep[] {
  const steps: FieldPathStep[] = [];
  let i = 0;
  if (text === '') throw new FieldPathSyntaxError('the path is empty', 0);
  while (i < text.length) {
    if (text[i] === '[') {
      const end = text.indexOf(']', i + 1);
      if (end < 0) throw new FieldPathSyntaxError(`'[' at character ${i + 1} is never closed with ']'`, i);
      const inner = text.slice(i + 1, end);
      if (inner === '') throw new FieldPathSyntaxError(`'[]' at character ${i + 1} is empty: write a property name, [*], [name=value] or a position`, i);
      steps.push(bracketStep(inner, i));
      i = end + 1;
      if (i < text.length && text[i] !== '.' && text[i] !== '[') {
        throw new FieldPathSyntaxError(`'${text[i]}' at character ${i + 1} follows ']': write '.' or '[' there`, i);
      }
      if (text[i] === '.') {
        i++;
        if (i === text.length) throw new FieldPathSyntaxError('the path ends with \'.\'', i - 1);
      }
      continue;
    }
    let end = i;
    while (end < text.length && text[end] !== '.' && text[end] !== '[') end++;
    const name = text.slice(i, end);
    if (name === '') throw new FieldPathSyntaxError(`an empty property name at character ${i + 1} ('..' or a leading '.')`, i);
    if (!DOTTED_NAME.test(name)) {
      throw new FieldPathSyntaxError(`'${name}' at character ${i + 1} is no plain property name (letters, digits, '_', '$', '-'): write it in brackets, [${name}]`, i);
    }
    if (/^[0-9]+$/.test(name)) throw new FieldPathSyntaxError(`'.${name}' at character ${i + 1} is a position: write it [${name}]`, i);
    steps.push({ field: name });
    i = end;
    if (text[i] === '.') {
      i++;
      if (i === text.length) throw new FieldPathSyntaxError('the path ends with \'.\'', i - 1);
    }
  }
  return steps;
}

function bracketStep(inner: string, at: number): FieldPathStep {
  if (inner === '*') return { each: true };
  if (/^[0-9]+$/.test(inner)) return { index: Number(inner) };
  const eq = inner.indexOf('=');
  if (eq < 0) return { field: inner };
  const key = inner.slice(0, eq);
  if (!SELECTOR_KEY.test(key)) {
    throw new FieldPathSyntaxError(`'[${inner}]' at character ${at + 1}: '${key}' is no key to select list elements by (letters, digits, '_'), and a property name cannot hold '='`, at);
  }
  return { key, equals: inner.slice(eq + 1) };
}

/** Renders parsed steps back: `spec.template.spec.containers[name=app].resources`. */
export function formatFieldPathSteps(steps: readonly FieldPathStep[]): string {
  let out = '';
  for (const s of steps) {
    if ('field' in s) {
      const plain = DOTTED_NAME.test(s.field) && !/^[0-9]+$/.test(s.field);
      out += plain ? (out ? `.${s.field}` : s.field) : `[${s.field}]`;
    } else if ('index' in s) {
      out += `[${s.index}]`;
    } else if ('each' in s) {
      out += '[*]';
    } else {
      out += `[${s.key}=${s.equals}]`;
    }
  }
  return out;
}
