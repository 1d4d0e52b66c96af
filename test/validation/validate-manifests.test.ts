// validateManifests: the CRD schema check of the objects that have a bundled CRD, with what
// the API server does about each violation, then the rules; the bundled schemas are the
// pinned CRDs of crds/ (their upstream paths are in crds/SOURCES.md).
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { KubeObject } from '../../src/kube/object';
import { CrdSchemaSet } from '../../src/kube/crd-schema-set';
import { bundledSchemas } from '../../src/validation/bundled-schemas';
import { CRD_SCHEMA_RULE, formatViolation, ManifestRule, validateManifests } from '../../src/validation/validate-manifests';
import { ROOT } from '../util';

type Json = Record<string, unknown>;

function pp(spec: Json = {}): KubeObject {
  return {
    apiVersion: 'policy.karmada.io/v1alpha1',
    kind: 'PropagationPolicy',
    metadata: { name: 'p', namespace: 'default' },
    spec: {
      conflictResolution: 'Overwrite',
      placement: { clusterAffinity: { clusterNames: ['member1'] } },
      resourceSelectors: [{ apiVersion: 'v1', kind: 'Service', name: 'a' }],
      ...spec,
    },
  };
}

const application: KubeObject = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'karmada-member1', namespace: 'argocd' },
  spec: { project: 'default', destination: { name: 'karmada' }, source: { repoURL: 'https://git.example.com/gitops.git', path: 'dist/member1' } },
};

const kustomization: KubeObject = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'karmada-member1', namespace: 'flux-system' },
  spec: { interval: '10m', prune: true, path: './dist/member1', sourceRef: { kind: 'GitRepository', name: 'gitops' } },
};

/** the CRD schema violations only, as `path: message`. */
function schemaFindings(m: KubeObject, schemas?: CrdSchemaSet): string[] {
  return validateManifests([m], { rules: [], ...(schemas ? { schemas } : {}) }).map(v => `${v.rule} ${v.path}: ${v.message}`);
}

const DRIFT = '(the API server would drop it, and GitOps would show drift forever)';
const REJECTED = '(the API server rejects the object)';

describe('validateManifests: CRD schemas', () => {
  test('valid policies, Applications and Kustomizations have no schema violation', () => {
    for (const m of [pp(), pp({ placement: {} }), application, kustomization]) expect(schemaFindings(m)).toStrictEqual([]);
  });

  test('an unknown field is reported as pruned: the API server drops it and GitOps shows drift', () => {
    expect(schemaFindings(pp({ resourceSelectors: [{ apiVersion: 'v1', kind: 'Service', name: 'a', namespaces: ['shop'] }] })))
      .toStrictEqual([`crd-schema spec.resourceSelectors[0].namespaces: unknown field ${DRIFT}`]);
    expect(schemaFindings({ ...application, spec: { ...application.spec as Json, syncPolicy: { automated: { prune: true }, retries: 3 } } }))
      .toStrictEqual([`crd-schema spec.syncPolicy.retries: unknown field ${DRIFT}`]);
  });

  test('an enum value outside the CRD\'s, a wrong type and a missing required field are rejected', () => {
    expect(schemaFindings(pp({ conflictResolution: 'Replace' }))).toStrictEqual([`crd-schema spec.conflictResolution: must be one of: Abort, Overwrite ${REJECTED}`]);
    expect(schemaFindings(pp({ priority: 'high' }))).toStrictEqual([`crd-schema spec.priority: must be integer ${REJECTED}`]);
    expect(schemaFindings(pp({ resourceSelectors: [{ apiVersion: 'v1', name: 'a' }] }))).toStrictEqual([`crd-schema spec.resourceSelectors[0].kind: required ${REJECTED}`]);
    expect(schemaFindings({ ...kustomization, spec: { ...kustomization.spec as Json, deletionPolicy: 'Keep' } }))
      .toStrictEqual([`crd-schema spec.deletionPolicy: must be one of: MirrorPrune, Delete, WaitForTermination, Orphan ${REJECTED}`]);
  });

  test('a null the CRD defaults is reported as drift too', () => {
    expect(schemaFindings(pp({ priority: null })))
      .toStrictEqual(['crd-schema spec.priority: must not be null (the API server would replace it with the default, and GitOps would show drift forever)']);
  });

  test('objects without a bundled schema are not schema-checked', () => {
    const deployment: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a', namespace: 'default' }, spec: { anything: { goes: true } } };
    const work: KubeObject = { apiVersion: 'work.karmada.io/v1alpha1', kind: 'Work', metadata: { name: 'a' }, spec: { unknown: 1 } };
    expect(validateManifests([deployment, work])).toStrictEqual([]);
  });

  test('an ApplicationSet is checked against the ApplicationSet CRD with its git generator only (the one karmada-migrate writes)', () => {
    const appSet = (generator: object): KubeObject => ({
      apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: 'a', namespace: 'argocd' },
      spec: { generators: [generator], template: { metadata: { name: '{{path.basename}}' }, spec: { project: 'default', destination: { name: 'karmada' } } } },
    });
    const crdRule = (m: KubeObject) => validateManifests([m]).filter(v => v.rule === CRD_SCHEMA_RULE).map(v => [v.path, v.message]);
    expect(crdRule(appSet({ git: { repoURL: 'https://git.example.com/a.git', revision: 'HEAD', directories: [{ path: 'dist/*' }] } }))).toStrictEqual([]);
    expect(crdRule(appSet({ matrix: { generators: [] } }))).toStrictEqual([
      ['spec.generators[0].matrix', 'unknown field (the API server would drop it, and GitOps would show drift forever)'],
    ]);
  });

  test('the bundled schemas are the pinned CRDs of crds/, descriptions aside', () => {
    const files = [
      ...fs.readdirSync(path.join(ROOT, 'crds/karmada-v1.18.2')).filter(f => f.startsWith('policy.karmada.io_')).map(f => path.join(ROOT, 'crds/karmada-v1.18.2', f)),
      path.join(ROOT, 'crds/karmada-v1.18.2/config.karmada.io_resourceinterpretercustomizations.yaml'),
      path.join(ROOT, 'crds/argo-cd-v3.5.1/application-crd.yaml'),
      path.join(ROOT, 'crds/flux-kustomize-controller-v1.9.4/kustomize.toolkit.fluxcd.io_kustomizations.yaml'),
    ];
    const strip = (v: unknown): unknown => Array.isArray(v) ? v.map(strip)
      : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'description').map(([k, x]) => [k, strip(x)])) : v;
    const shared = files.flatMap(f => yaml.loadAll(fs.readFileSync(f, 'utf8'))).filter(Boolean) as Array<{ metadata: { name: string }; spec: unknown }>;
    // the ApplicationSet with its git generator only (scripts/import-crds.sh).
    const appSet = yaml.load(fs.readFileSync(path.join(ROOT, 'crds/argo-cd-v3.5.1/applicationset-crd.yaml'), 'utf8')) as {
      metadata: { name: string }; spec: { versions: Array<{ schema: { openAPIV3Schema: Json } }> };
    };
    for (const v of appSet.spec.versions) {
      const generators = (((v.schema.openAPIV3Schema.properties as Json).spec as Json).properties as Json).generators as Json;
      const props = (generators.items as Json).properties as Json;
      for (const k of Object.keys(props)) if (k !== 'git') delete props[k];
    }
    shared.push(appSet);
    const bundled = JSON.parse(fs.readFileSync(path.join(ROOT, 'imports/crd-schemas.json'), 'utf8')) as Array<{ metadata: { name: string }; spec: unknown }>;
    const byName = (list: typeof bundled) => Object.fromEntries(list.map(c => [c.metadata.name, c.spec]));
    expect(byName(bundled)).toStrictEqual(byName(shared.map(c => ({ metadata: { name: c.metadata.name }, spec: strip(c.spec) }))));

    // and they judge objects alike.
    const fromShared = CrdSchemaSet.fromFiles([...files, path.join(ROOT, 'crds/argo-cd-v3.5.1/applicationset-crd.yaml')]);
    expect(bundledSchemas().schemas.map(s => `${s.apiVersion} ${s.kind}`).sort()).toStrictEqual(fromShared.schemas.map(s => `${s.apiVersion} ${s.kind}`).sort());
    const samples: KubeObject[] = [
      pp(), pp({ conflictResolution: 'Replace', extra: 1, priority: null }), application,
      { ...application, spec: { ...application.spec as Json, syncPolicy: { syncOptions: 'Replace=true' } } },
      kustomization, { ...kustomization, spec: { ...kustomization.spec as Json, sourceRef: { kind: 'HelmRepository' } } },
      { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'ClusterOverridePolicy', metadata: { name: 'o' }, spec: { resourceSelectors: [], overrideRules: [{ x: 1 }] } },
    ];
    for (const m of samples) expect(schemaFindings(m)).toStrictEqual(schemaFindings(m, fromShared));
    expect(samples.map(m => schemaFindings(m).length)).toStrictEqual([0, 3, 0, 1, 0, 2, 2]);
  });
});

describe('validateManifests: rules', () => {
  const twice: ManifestRule = {
    id: 'test/twice',
    description: 'reports the same thing twice, and one thing more',
    check: (m, context) => m.kind === 'PropagationPolicy'
      ? [{ path: 'spec', message: `clusters: ${context.sourceClusters.join(',')}`, fix: 'none' }, { path: 'spec', message: `clusters: ${context.sourceClusters.join(',')}`, fix: 'none' },
        { message: 'no path', fix: 'none' }]
      : [],
  };

  test('rules get the source clusters; an identical violation is listed once, as Karmada aggregates its errors', () => {
    const violations = validateManifests([pp()], { rules: [twice], sourceClusters: ['member1', 'member2'] });
    expect(violations.map(v => [v.rule, v.path, v.message])).toStrictEqual([['test/twice', 'spec', 'clusters: member1,member2'], ['test/twice', undefined, 'no path']]);
    expect(violations[0].object.metadata.name).toBe('p');
  });

  test('violations come in manifest order, the schema\'s first; formatViolation puts them on one line', () => {
    const bad = pp({ preemption: 'Always', resourceSelectors: [{ apiVersion: 'v1', kind: 'Service' }], colour: 'blue' });
    const violations = validateManifests([application, bad], { sourceClusters: ['member1'] });
    expect(violations.map(v => v.rule))
      .toStrictEqual(['crd-schema', 'karmada-webhook/preemption-needs-name', 'migration/no-preemption', 'migration/karmada-own-objects']);
    expect(formatViolation(violations[1])).toBe('[karmada-webhook/preemption-needs-name] PropagationPolicy default/p: spec.resourceSelectors[0].name: ' +
      'name cannot be empty if preemption is Always, the empty name may cause unexpected resources preemption; fix: select by name, or set preemption: Never');
    expect(formatViolation({ ...violations[0], path: undefined, object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } } }))
      .toBe(`[crd-schema] Namespace shop: unknown field ${DRIFT}; fix: write the object as its CRD defines it`);
  });

  test('the webhook rules use the schemas given: without the policy CRDs, no CRD defaults apply before the mutating webhook', () => {
    // purgeMode unset: the CRD would default it to Gracefully, and gracePeriodSeconds would then be fine.
    const app = { decisionConditions: { tolerationSeconds: 60 }, gracePeriodSeconds: 30 };
    const failover = pp({ propagateDeps: true, failover: { application: app } });
    expect(validateManifests([failover])).toStrictEqual([]);
    const noPolicies = new CrdSchemaSet(bundledSchemas().schemas.filter(s => s.kind === 'Application'));
    expect(validateManifests([failover], { schemas: noPolicies }).map(v => `${v.path}: ${v.message}`))
      .toStrictEqual(['spec.failover.application.gracePeriodSeconds: only takes effect when purgeMode is gracefully']);
  });
});
