// A rehearsal end to end on a temporary Git repository: Rehearse (dispatching suspended) →
// karmada-migrate rehearse writes rehearsals/member1.json beside dist/ → Takeover accepted by the
// gate with it; refused without it; a template change after the rehearsal refused until the
// migration is rehearsed again.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runCapturing } from '../cli/run-cli';
import { readDistDir } from '../../src/report/dist-tree';
import { rehearsalWorks } from '../rehearsal-fixtures';
import { ROOT, withTempDir } from '../util';

const DELIVERY = '  delivery:\n    argocd:\n      destination: {name: karmada}\n      repoURL: https://git.example.com/platform/karmada-gitops.git\n      path: dist/member1\n';
const takeover = (c: string) => c.replace('  takeovers:\n', `${DELIVERY}  takeovers:\n`);
const rehearsal = (c: string) => takeover(c).replace('  takeovers:\n', '  phase: Rehearse\n  takeovers:\n');

describe('a rehearsal, then the takeover, through the gate', () => {
  test('Rehearse → report → Takeover accepted; refused without the report; a later template change needs a new rehearsal', () => withTempDir(async dir => {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'ci@example.com');
    git('config', 'user.name', 'ci');
    // the evidence stays out of the commits.
    fs.writeFileSync(path.join(dir, '.gitignore'), 'works.json\nlive.yaml\n');
    fs.cpSync(path.join(ROOT, 'inventory'), path.join(dir, 'inventory'), { recursive: true });
    // the member cluster as it is: the export the inventory was made from, kept outside the repository's inventory.
    const live = path.join(dir, 'live.yaml');
    fs.copyFileSync(path.join(ROOT, 'inventory', 'member1.yaml'), live);
    const dist = path.join(dir, 'dist');
    const config = path.join(dir, 'migration.yaml');
    const synth = async (edit: (c: string) => string) => {
      fs.writeFileSync(config, edit(fs.readFileSync(path.join(ROOT, 'migration.yaml'), 'utf8')));
      const r = await runCapturing(['synth', '--config', config, '--output', dist]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    };
    const commit = (message: string) => {
      git('add', '-A');
      git('commit', '-q', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    };
    const check = (base: string) => runCapturing(['check', '--base', base, '--dist', dist, '--config', config]);
    const report = path.join(dir, 'rehearsals', 'member1.json');
    const rehearse = async () => {
      const works = path.join(dir, 'works.json');
      fs.writeFileSync(works, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: rehearsalWorks(readDistDir(dist)) }));
      return runCapturing(['rehearse', '--works', works, '--live', live, '--dist', dist, '--output', report]);
    };

    // 0. the rehearsal is deployed: the policies suspend dispatching.
    await synth(rehearsal);
    expect(fs.readFileSync(path.join(dist, 'member1/policies/default/PropagationPolicy.policy.karmada.io_nginx-pp.yaml'), 'utf8')).toContain('dispatching: true');
    const r0 = commit('rehearse');

    // 1. rehearse: clean, the report beside dist/.
    const first = await rehearse();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(report, 'utf8'))).toMatchObject({ kind: 'RehearsalReport', migration: 'member1', clean: true });

    // 2. the lift without the report: refused.
    fs.renameSync(report, `${report}.kept`);
    await synth(takeover);
    const without = await check(r0);
    expect(without.code).toBe(1);
    expect(without.stdout).toContain('suspension-lifted');
    expect(without.stdout).toContain('no rehearsal report at');

    // 3. with it: accepted.
    fs.renameSync(`${report}.kept`, report);
    const accepted = await check(r0);
    expect(accepted.stdout).toContain('check passed');
    expect(accepted.code).toBe(0);

    // 4. a template changed in the same change (a label added to nginx): the report is stale.
    const inventory = path.join(dir, 'inventory', 'member1.yaml');
    const original = fs.readFileSync(inventory, 'utf8');
    fs.writeFileSync(inventory, original.replace('    labels:\n      app: nginx\n    name: nginx\n', '    labels:\n      app: nginx\n      team: web\n    name: nginx\n'));
    await synth(takeover);
    const stale = await check(r0);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/rehearsed other templates \(sha256:[0-9a-f]{64}\) than those of member1 in this change/);

    // 5. rehearsed again, the new template deployed in the Rehearse phase: the lift is accepted.
    await synth(rehearsal);
    const r1 = commit('rehearse the label');
    const again = await rehearse();
    expect(again.code).toBe(0);
    await synth(takeover);
    const lifted = await check(r1);
    expect(lifted.stdout).toContain('check passed');
    expect(lifted.code).toBe(0);
  }));
});
