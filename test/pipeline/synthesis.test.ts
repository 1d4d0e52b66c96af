import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { OUTPUT_MARKER, OUTPUT_MARKER_TEXT } from '../../src/output/output-target';
import { isInputError } from '../../src';
import { PROGRESS_THRESHOLD, Synthesis, synthesizeConfig, terminalProgress } from '../../src/pipeline/synthesis';
import * as collector from '../../src/runtime/collect-after-read';
import { generateEstate } from '../../bench/generate';
import { KubeObject } from '../../src/kube/object';
import { ROOT, withTempDir } from '../util';

/** what synthesizeConfig throws on this config, or undefined. */
function synthesisError(config: string, outdir: string): unknown {
  try {
    synthesizeConfig({ config, outdir });
  } catch (e) {
    return e;
  }
  return undefined;
}

const EXAMPLE = fs.readFileSync(path.join(ROOT, 'migration.yaml'), 'utf8');

/** a project with the example config (edited) and inventory, and a dist/ from an earlier run. */
function project(dir: string, edit: (config: string) => string = c => c): { config: string; out: string } {
  fs.cpSync(path.join(ROOT, 'inventory'), path.join(dir, 'inventory'), { recursive: true });
  const config = path.join(dir, 'migration.yaml');
  fs.writeFileSync(config, edit(EXAMPLE));
  const out = path.join(dir, 'dist');
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(out, 'earlier.yaml'), 'from an earlier synth\n');
  fs.writeFileSync(path.join(out, OUTPUT_MARKER), OUTPUT_MARKER_TEXT);
  return { config, out };
}

describe('synthesizeConfig', () => {
  test('writes the example, replacing the output folder', () => withTempDir(dir => {
    const { config, out } = project(dir);
    const result = synthesizeConfig({ config, outdir: out });
    expect(result.counts).toStrictEqual({ namespaces: 1, policies: 5, templates: 6 });
    expect(fs.existsSync(path.join(out, 'earlier.yaml'))).toBe(false);
    expect(fs.readdirSync(path.join(out, 'member1'))).toStrictEqual(['namespaces', 'policies', 'templates']);
  }));

  test('inventory paths are relative to the config file, not to the working directory', () => withTempDir(dir => {
    const { config, out } = project(dir);
    const cwd = process.cwd();
    try {
      process.chdir(ROOT === dir ? '/' : path.join(ROOT, 'test'));
      expect(synthesizeConfig({ config, outdir: out }).files.length).toBe(12);
    } finally {
      process.chdir(cwd);
    }
  }));

  // each bad input: a message naming the file and the field, and the output untouched.
  describe.each([
    ['a missing inventory file', (c: string) => c.replace('inventory/member1.yaml', 'inventory/member2.yaml'),
      /migration\.yaml:10: spec\.inventory: .*inventory\/member2\.yaml.*no such file or directory/],
    ['a takeover that selects nothing', (c: string) => c.replace('kind: {apiVersion: v1, kind: Service}', 'kind: {apiVersion: batch/v1, kind: Job}'),
      /migration\.yaml:17: spec\.takeovers\[1\] \(services-pp\): takeover 'services-pp' selects nothing: the migration has no Job\.batch object/],
    ['an app resource absent from the inventory', (c: string) => c.replace('name: nginx}', 'name: ngnix}'),
      /migration\.yaml:21: spec\.takeovers\[2\] \(nginx-pp\): resources\[0\] \(Deployment\.apps default\/ngnix\) is not in the inventory/],
    ['two takeovers with the same name in a namespace', (c: string) => c.replace('name: services-pp', 'name: deployments-pp'),
      /migration\.yaml:17: spec\.takeovers\[1\]: PropagationPolicy 'deployments-pp' in namespace 'default' is made twice, by member1\/takeovers\[0\] and member1\/takeovers\[1\]/],
    ['a config schema error', (c: string) => c.replace('      app:\n', '      ap:\n'),
      /migration\.yaml:4: not a valid Migration \(2 problems\):\n {2}- line 22: spec\.takeovers\[2\]\.ap: unknown field; did you mean 'app'\?\n {2}- line 21: spec\.takeovers\[2\]: needs either/],
    ['a cluster-scoped kind with scope Namespace', (c: string) => c.replace('kind: {apiVersion: v1, kind: Service}', 'kind: {apiVersion: v1, kind: Namespace}'),
      /spec\.takeovers\[1\].*selects nothing: the migration has no Namespace object/],
  ])('fails on %s', (_, edit, message) => {
    test('with a message naming the file and the field, and the output untouched', () => withTempDir(dir => {
      const { config, out } = project(dir, edit);
      const error = synthesisError(config, out);
      expect(isInputError(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
      expect(fs.readdirSync(out).sort()).toStrictEqual([OUTPUT_MARKER, 'earlier.yaml']);
      expect(fs.readdirSync(dir).sort()).toStrictEqual(['dist', 'inventory', 'migration.yaml']);
    }));
  });

  test('an inventory policy named like one a takeover makes is an input error naming both sources, not a bug', () => withTempDir(dir => {
    const { config, out } = project(dir, c => `${c}    - name: pp-pp\n      kind: {apiVersion: policy.karmada.io/v1alpha1, kind: PropagationPolicy}\n`);
    const inventory = path.join(dir, 'inventory', 'member1.yaml');
    const lines = fs.readFileSync(inventory, 'utf8').split('\n').length;
    fs.appendFileSync(inventory, '---\napiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: deployments-pp, namespace: default}\n' +
      'spec: {resourceSelectors: [{apiVersion: v1, kind: ConfigMap}], placement: {clusterAffinity: {clusterNames: [member1]}}}\n');
    const error = synthesisError(config, out);
    expect(isInputError(error)).toBe(true);
    // the inventory is named as the config names it, relative to the config's folder.
    expect((error as Error).message).toBe(`The object read from inventory/member1.yaml:${lines + 1} (document 1) and the object made by ${config}:14: spec.takeovers[0] (deployments-pp) would both be written to ` +
      'member1/policies/default/PropagationPolicy.policy.karmada.io_deployments-pp.yaml (PropagationPolicy.policy.karmada.io default/deployments-pp): ' +
      'one file holds one object; the inventory holds an object the migration also generates: leave it out of the inventory (or out of the takeover that selects it), ' +
      'or rename the takeover whose policy it is (a takeover names its policies after spec.takeovers[].name)');
    expect(fs.readdirSync(out).sort()).toStrictEqual([OUTPUT_MARKER, 'earlier.yaml']);
  }));
});

describe('progress', () => {
  test('silent below the threshold, stage by stage above it', () => withTempDir(dir => {
    const small = project(dir);
    const messages: string[] = [];
    synthesizeConfig({ config: small.config, outdir: small.out, progress: m => messages.push(m) });
    expect(messages).toStrictEqual([]);
    const big = generateEstate(path.join(dir, 'big'), { apps: Math.ceil(PROGRESS_THRESHOLD / 3) + 1 });
    synthesizeConfig({ config: big.config, outdir: path.join(dir, 'big', 'dist'), progress: m => messages.push(m) });
    expect(messages.map(m => m.replace(/\(\d+\.\d s\)/, '(t)'))).toStrictEqual([
      `read the inventory and built ${big.templates} templates (t)`,
      expect.stringMatching(/^rendered \d+ files \(t\)$/),
      'checked the rules (0 violations) (t)',
      `wrote ${path.join(dir, 'big', 'dist')} (t)`,
    ]);
  }));

  test('terminalProgress writes only to a TTY', () => {
    const written: string[] = [];
    const stream = { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    terminalProgress(stream)('x');
    expect(written).toStrictEqual([]);
    terminalProgress({ ...stream, isTTY: true } as unknown as NodeJS.WriteStream)('x');
    expect(written).toStrictEqual(['karmada-migrate: x\n']);
  });
});

describe('incremental synth', () => {
  test('a second synth after a one-app change rewrites only the files whose bytes change; files no longer made are removed', () => withTempDir(dir => {
    // GIVEN a first synth of 30 apps, every file of it dated long ago
    const estate = generateEstate(dir, { apps: 30 });
    const out = path.join(dir, 'dist');
    const first = synthesizeConfig({ config: estate.config, outdir: out }).files;
    const longAgo = new Date('2001-02-03T04:05:06Z');
    for (const f of first) fs.utimesSync(path.join(out, f), longAgo, longAgo);
    // one app's ConfigMap changes, another app leaves the export
    const exportFile = estate.exportFiles[0];
    const list = yaml.load(fs.readFileSync(exportFile, 'utf8')) as { items: KubeObject[] };
    list.items = list.items.filter(o => !o.metadata.name.startsWith('app-000001'));
    const cm = list.items.find(o => o.kind === 'ConfigMap' && o.metadata.name === 'app-000002-config') as KubeObject & { data: Record<string, string> };
    cm.data.LOG_LEVEL = 'debug';
    fs.writeFileSync(exportFile, yaml.dump(list));

    // WHEN
    const second = synthesizeConfig({ config: estate.config, outdir: out }).files;

    // THEN
    const templates = 'member1/templates/team-0000';
    const changed = `${templates}/ConfigMap_app-000002-config.yaml`;
    const removed = [`${templates}/ConfigMap_app-000001-config.yaml`, `${templates}/Deployment.apps_app-000001.yaml`, `${templates}/Service_app-000001.yaml`];
    expect(first.filter(f => !second.includes(f))).toStrictEqual(removed);
    for (const f of removed) expect(fs.existsSync(path.join(out, f))).toBe(false);
    expect(fs.readFileSync(path.join(out, changed), 'utf8')).toContain('LOG_LEVEL: debug');
    const rewritten = second.filter(f => fs.statSync(path.join(out, f)).mtime.getTime() !== longAgo.getTime());
    expect(rewritten).toStrictEqual([changed]);
  }));
});

describe('delivery', () => {
  const delivery = (extra: string) => (c: string) => c.replace('  takeovers:\n', '  delivery:\n    argocd:\n      destination: {server: https://karmada.example.com:5443}\n' +
    `      repoURL: https://git.example.com/gitops.git\n      path: dist/member1\n${extra}    flux:\n      sourceRef: {name: gitops}\n` +
    '      path: ./dist/member1\n      kubeConfigSecretRef: karmada-kubeconfig\n  takeovers:\n');

  test('Argo CD and Flux objects go to dist/_delivery/<migration>/, outside the applied folder', () => withTempDir(dir => {
    const { config, out } = project(dir, delivery(''));
    const { files, counts } = synthesizeConfig({ config, outdir: out });
    expect(counts).toStrictEqual({ namespaces: 1, policies: 5, templates: 6, delivery: 4 });
    expect(files.filter(f => f.startsWith('_delivery/'))).toStrictEqual([
      '_delivery/member1/argocd/Application.argoproj.io_karmada-member1.yaml',
      '_delivery/member1/flux-system/Kustomization.kustomize.toolkit.fluxcd.io_karmada-member1-namespaces.yaml',
      '_delivery/member1/flux-system/Kustomization.kustomize.toolkit.fluxcd.io_karmada-member1-policies.yaml',
      '_delivery/member1/flux-system/Kustomization.kustomize.toolkit.fluxcd.io_karmada-member1-templates.yaml',
    ]);
    expect(files.filter(f => f.startsWith('member1/')).every(f => !f.includes('argoproj') && !f.includes('fluxcd'))).toBe(true);
  }));

  test('applicationSet: true makes an ApplicationSet and an Application for the Namespaces', () => withTempDir(dir => {
    const { config, out } = project(dir, delivery('      applicationSet: true\n'));
    const { files } = synthesizeConfig({ config, outdir: out });
    expect(files.filter(f => f.startsWith('_delivery/member1/argocd/'))).toStrictEqual([
      '_delivery/member1/argocd/Application.argoproj.io_karmada-member1-namespaces.yaml',
      '_delivery/member1/argocd/ApplicationSet.argoproj.io_karmada-member1.yaml',
    ]);
  }));

  test('fails on a destination with both name and server, naming the field', () => withTempDir(dir => {
    const { config, out } = project(dir, c => delivery('')(c).replace('destination: {server: https://karmada.example.com:5443}', 'destination: {name: k, server: https://k}'));
    expect(() => synthesizeConfig({ config, outdir: out }))
      .toThrow("spec.delivery.argocd.destination: needs exactly one of 'name' (the cluster name in Argo CD) or 'server' (the Karmada API server URL)");
    expect(fs.readdirSync(out).sort()).toStrictEqual([OUTPUT_MARKER, 'earlier.yaml']);
  }));
});

describe('the inventory reader\'s options in migration.yaml', () => {
  // Git manifests often leave the namespace to `kubectl apply -n`.
  test('spec.defaultNamespace gives a namespace to namespaced objects without one', () => withTempDir(dir => {
    const { config, out } = project(dir, c => c.replace('    - inventory/member1.yaml\n', '    - inventory/member1.yaml\n    - extra.yaml\n')
      .replace('  rollback: false', '  defaultNamespace: shop\n  rollback: false'));
    fs.writeFileSync(path.join(dir, 'extra.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: extra}\nspec:\n  selector: {matchLabels: {app: extra}}\n' +
      '  template:\n    metadata: {labels: {app: extra}}\n    spec: {containers: [{name: x, image: "x:1"}]}\n');
    synthesizeConfig({ config, outdir: out });
    expect(fs.existsSync(path.join(out, 'member1/templates/shop/Deployment.apps_extra.yaml'))).toBe(true);
  }));

  test('spec.onDuplicate chooses between two copies; a file listed with its folder is read once', () => withTempDir(dir => {
    const twice = (c: string) => c.replace('    - inventory/member1.yaml\n', '    - inventory\n    - inventory/member1.yaml\n    - copy.yaml\n');
    const { config, out } = project(dir, twice);
    fs.copyFileSync(path.join(dir, 'inventory/member1.yaml'), path.join(dir, 'copy.yaml'));
    expect(() => synthesizeConfig({ config, outdir: out })).toThrow(/copy\.yaml:\d+: .* is also defined at inventory[/\\]member1\.yaml:\d+ .*; keep one of them, or choose with spec.onDuplicate/);
    fs.writeFileSync(config, twice(EXAMPLE).replace('  rollback: false', '  onDuplicate: first\n  rollback: false'));
    expect(synthesizeConfig({ config, outdir: out }).counts.templates).toBe(6);
  }));

  test('spec.limits.maxFileBytes is the limit the message names', () => withTempDir(dir => {
    const { config, out } = project(dir, c => c.replace('  rollback: false', '  limits: {maxFileBytes: 100}\n  rollback: false'));
    expect(() => synthesizeConfig({ config, outdir: out })).toThrow('above the limit of 100 bytes; raise it with --max-file-bytes (karmada-migrate inventory) or spec.limits.maxFileBytes (migration.yaml)');
  }));
});

describe('the collection after the read', () => {
  afterEach(() => jest.restoreAllMocks());

  test('each Migration document reports every object its clusters\' exports held, once they are read and cleaned', () => {
    const collect = jest.spyOn(collector, 'collectAfterRead');
    const synthesis = Synthesis.run({ config: path.join(ROOT, 'examples', 'fleet', 'migration.yaml') });
    const [{ inventories }] = synthesis.migrations;
    expect(inventories.size).toBe(3);
    const objects = [...inventories.values()].reduce((n, i) => n + i.templates.length + i.dropped.length, 0);
    expect(objects).toBeGreaterThan(inventories.values().next().value!.templates.length);
    expect(collect.mock.calls).toStrictEqual([[objects]]);
  });

  test('a config of several documents collects after each', () => withTempDir(dir => {
    const { config } = project(dir);
    const one = fs.readFileSync(config, 'utf8');
    fs.writeFileSync(config, `${one}\n---\n${one.replace(/name: (\S+)/, 'name: $1-again').replace(/sourceCluster: (\S+)/, 'sourceCluster: $1-again')}`);
    const collect = jest.spyOn(collector, 'collectAfterRead');
    const synthesis = Synthesis.run({ config });
    expect(synthesis.migrations).toHaveLength(2);
    expect(collect).toHaveBeenCalledTimes(2);
  }));
});
