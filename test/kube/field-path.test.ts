import { formatFieldPath } from '../../src/kube/field-path';

describe('formatFieldPath', () => {
  test.each([
    [[], '(root)'],
    [['spec'], 'spec'],
    [['spec', 'resourceSelectors', 0, 'kind'], 'spec.resourceSelectors[0].kind'],
    [['metadata', 'labels', 'app.kubernetes.io/name'], 'metadata.labels[app.kubernetes.io/name]'],
    [[0, 'a'], '[0].a'],
  ])('%j => %s', (segments, expected) => {
    expect(formatFieldPath(segments)).toBe(expected);
  });
});
