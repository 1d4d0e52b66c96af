import { FieldPathSyntaxError, formatFieldPath, formatFieldPathSteps, parseFieldPath } from '../../src/kube/field-path';

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

describe('parseFieldPath', () => {
  test('reads dotted names, bracketed map keys, positions, key selectors and [*]; formats back', () => {
    const text = 'spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]';
    expect(parseFieldPath(text)).toEqual([{ field: 'spec' }, { field: 'template' }, { field: 'metadata' }, { field: 'annotations' }, { field: 'kubectl.kubernetes.io/restartedAt' }]);
    expect(formatFieldPathSteps(parseFieldPath(text))).toBe(text);
    expect(parseFieldPath('webhooks[name=a.b].clientConfig[*].x[3]')).toEqual([
      { field: 'webhooks' }, { key: 'name', equals: 'a.b' }, { field: 'clientConfig' }, { each: true }, { field: 'x' }, { index: 3 },
    ]);
    // what formatFieldPath writes, it reads.
    const segments = ['spec', 'resourceSelectors', 0, 'labels', 'app.kubernetes.io/name'];
    expect(parseFieldPath(formatFieldPath(segments))).toEqual([{ field: 'spec' }, { field: 'resourceSelectors' }, { index: 0 }, { field: 'labels' }, { field: 'app.kubernetes.io/name' }]);
  });

  test.each([
    ['', /empty/], ['spec..a', /empty property name/], ['spec.', /ends with '.'/], ['spec[a', /never closed/], ['spec[]', /is empty/],
    ['spec[a]b', /follows '\]'/], ['spec.a b', /no plain property name.*\[a b\]/], ['spec.0', /is a position: write it \[0\]/], ['spec[a-b=c]', /no key to select/],
  ])('refuses %j', (text, message) => {
    expect(() => parseFieldPath(text)).toThrow(FieldPathSyntaxError);
    expect(() => parseFieldPath(text)).toThrow(message);
  });
});
