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
