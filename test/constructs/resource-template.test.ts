import { Testing } from 'cdk8s';
import { ResourceTemplate } from '../../src';
import { deployment } from '../util';

describe('ResourceTemplate', () => {
  test('writes the object unchanged, keys sorted, empty objects kept', () => {
    // GIVEN
    const chart = Testing.chart();
    const object = deployment('default', 'nginx');
    (object.spec as { template: { spec: Record<string, unknown> } }).template.spec.volumes = [{ name: 'tmp', emptyDir: {} }];

    // WHEN
    const t = new ResourceTemplate(chart, 't', { object, source: { file: 'inventory.yaml', document: 0 } });

    // THEN
    const [manifest] = Testing.synth(chart);
    expect(manifest).toStrictEqual(object);
    expect(Object.keys(manifest)).toStrictEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(manifest.spec.template.spec.volumes[0].emptyDir).toStrictEqual({});
    expect(t.key).toStrictEqual({ group: 'apps', kind: 'Deployment', namespace: 'default', name: 'nginx' });
    expect(t.node.defaultChild).toBe(t.apiObject);
    expect(t.source).toStrictEqual({ file: 'inventory.yaml', document: 0 });
  });

  test('fails when the object has no name', () => {
    expect(() => new ResourceTemplate(Testing.chart(), 't', { object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} } as never }))
      .toThrow("ResourceTemplate 'object' needs apiVersion, kind and metadata.name");
  });
});
