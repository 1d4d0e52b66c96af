// check --format sarif and --format github, end to end on a Git repository: findings placed on
// the files of dist/ from the repository root, exit codes as with the other formats.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { runCapturing } from './run-cli';
import { KubeObject } from '../../src/kube/object';
import { manifestPath } from '../../src/output/layout';
import { SarifLog } from '../../src/report/check-formats';
import { deployment, withTempDir } from '../util';

const nginx = deployment('default', 'nginx');
const policy: KubeObject = {
  apiVersion: 'policy.karmada.io/v1alpha1', kind: 'PropagationPolicy', metadata: { name: 'nginx-pp', namespace: 'default' },
  spec: { conflictResolution: 'Overwrite', placement: { clusterAffinity: { clusterNames: ['member1'] } }, resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }] },
};

function git(dir: string, ...args: string[]): void {
  execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
}

// a repository whose deploy/dist holds objects, committed; then the change leaves only `head`.
function repository(dir: string, head: readonly KubeObject[]): string {
  const dist = path.join(dir, 'deploy', 'dist');
  const write = (objects: readonly KubeObject[]) => {
    fs.rmSync(dist, { recursive: true, force: true });
    for (const o of objects) {
      const file = path.join(dist, manifestPath('member1', o));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, yaml.dump(o));
    }
  };
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'ci@example.com');
  git(dir, 'config', 'user.name', 'ci');
  write([nginx, policy]);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  write(head);
  return dist;
}

describe('check --format sarif and github', () => {
  const removed = `deploy/dist/${manifestPath('member1', nginx)}`;

  test('sarif: the removal refused (exit 1) at the removed file, from the repository root', () => withTempDir(async dir => {
    const dist = repository(dir, [policy]);
    const r = await runCapturing(['check', '--base', 'HEAD', '--dist', dist, '--format', 'sarif']);
    expect([r.code, r.stderr]).toStrictEqual([1, '']);
    const log = JSON.parse(r.stdout) as SarifLog;
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results.map(x => [x.ruleId, x.level, x.locations[0].physicalLocation.artifactLocation.uri])).toStrictEqual([
      ['template-removed-without-preserve', 'error', removed],
    ]);
  }));

  test('github: one annotation per finding, then the verdict; accepted is exit 0', () => withTempDir(async dir => {
    const dist = repository(dir, [policy]);
    const r = await runCapturing(['check', '--base', 'HEAD', '--dist', dist, '--format', 'github']);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^::error file=${removed.replace(/\./g, '\\.')},line=1,title=template-removed-without-preserve::Deployment\\.apps default/nginx `));
    expect(lines.slice(1)).toStrictEqual(['check failed: 1 error(s)', '']);
    const same = repository(fs.mkdtempSync(path.join(dir, 'b-')), [nginx, policy]);
    const ok = await runCapturing(['check', '--base', 'HEAD', '--dist', same, '--format', 'github']);
    expect([ok.code, ok.stdout]).toStrictEqual([0, 'check passed\n']);
  }));

  test('could not evaluate is still exit 3, with the message on standard error', () => withTempDir(async dir => {
    const dist = repository(dir, [policy]);
    const r = await runCapturing(['check', '--base', 'no-such-revision', '--dist', dist, '--format', 'sarif']);
    expect([r.code, r.stdout]).toStrictEqual([3, '']);
    expect(r.stderr).toContain('no-such-revision');
  }));
});
