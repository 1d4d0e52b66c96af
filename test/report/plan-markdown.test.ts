import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { generateEstate } from '../../bench/generate';
import { planHandover } from '../../src/report/handover';
import { buildPlan, Plan, PlanOverwrite } from '../../src/report/plan';
import { loadPlanInput } from '../../src/report/plan-input';
import { planToMarkdown } from '../../src/report/plan-markdown';
import { ROOT, withTempDir } from '../util';

const EXAMPLE_CONFIG = path.join(ROOT, 'migration.yaml');

// the ```mermaid block of a Markdown text.
function mermaidOf(markdown: string): string {
  return /```mermaid\n([\s\S]*?)```/.exec(markdown)![1];
}

describe('planToMarkdown', () => {
  const plan = buildPlan(loadPlanInput({ config: EXAMPLE_CONFIG }));

  test('the example\'s plan', () => {
    expect(planToMarkdown(plan)).toMatchSnapshot();
  });

  test('a Mermaid flowchart of policies → namespaces → kinds', () => {
    expect(mermaidOf(planToMarkdown(plan))).toBe([
      'flowchart LR',
      '  p0["PropagationPolicy default/deployments-pp<br/>claims nothing"]',
      '  p1["PropagationPolicy default/nginx-pp"]',
      '  p2["PropagationPolicy default/services-pp<br/>claims nothing"]',
      '  p3["PropagationPolicy shop/deployments-pp"]',
      '  p4["PropagationPolicy shop/services-pp"]',
      '  n0(["default"])',
      '  k0_0["Deployment.apps: 1"]',
      '  k0_1["Service: 1"]',
      '  n1(["shop"])',
      '  k1_0["Deployment.apps: 2"]',
      '  k1_1["Service: 2"]',
      '  p1 -->|2| n0',
      '  n0 --> k0_0',
      '  n0 --> k0_1',
      '  p3 -->|2| n1',
      '  p4 -->|2| n1',
      '  n1 --> k1_0',
      '  n1 --> k1_1',
      '',
    ].join('\n'));
  });

  // the nodes of a flowchart that no edge touches.
  const unconnected = (chart: string) => {
    const lines = chart.split('\n');
    const ids = lines.flatMap(l => /^ {2}(\w+)[[(]/.exec(l)?.[1] ?? []);
    const edges = lines.filter(l => /-->|-\.->/.test(l)).join(' ');
    return ids.filter(id => !new RegExp(`(^|[ |])${id}( |$)`).test(edges));
  };

  test('exactly at the size, the diagram is drawn in full; one node less, it is aggregated', () => {
    // the example draws 11 nodes
    expect(mermaidOf(planToMarkdown(plan, { maxDiagramNodes: 11 }))).toBe(mermaidOf(planToMarkdown(plan)));
    expect(mermaidOf(planToMarkdown(plan, { maxDiagramNodes: 10 }))).toContain('pp["5 PropagationPolicies"]');
  });

  test('beyond the size, the diagram aggregates the policies and the namespaces, stays connected, and says so', () => {
    // WHEN the example (11 nodes) is drawn with at most 5
    const markdown = planToMarkdown(plan, { maxDiagramNodes: 5 });

    // THEN
    expect(mermaidOf(markdown)).toBe([
      'flowchart LR',
      '  pp["5 PropagationPolicies"]',
      '  n0(["default<br/>2 templates<br/>Deployment.apps 1 · Service 1"])',
      '  n1(["shop<br/>4 templates<br/>Deployment.apps 2 · Service 2"])',
      '  pp -->|2| n0',
      '  pp -->|4| n1',
      '',
    ].join('\n'));
    expect(unconnected(mermaidOf(markdown))).toStrictEqual([]);
    expect(markdown).toContain('_The diagram is aggregated: drawn policy by policy and kind by kind it would have 11 nodes, more than 5. ' +
      'It shows the PropagationPolicies as one node, and one node per namespace with its counts; each edge counts the templates claimed._');
  });

  test('a large estate is collapsed by default, and namespaces beyond the size become one node', () => withTempDir(dir => {
    // GIVEN 50 namespaces of 2 apps
    const estate = generateEstate(dir, { apps: 100, appsPerNamespace: 2 });

    // WHEN
    const markdown = planToMarkdown(buildPlan(loadPlanInput({ config: estate.config })));

    // THEN the policies in one node, 38 namespaces and one node for the other 12: 40 nodes, every one connected
    const chart = mermaidOf(markdown);
    const lines = chart.split('\n');
    expect(lines.filter(l => /^ {2}\w+[[(]/.test(l))).toHaveLength(40);
    expect(lines[1]).toBe('  pp["160 PropagationPolicies"]');
    expect(lines[2]).toBe('  n0(["team-0000<br/>6 templates<br/>ConfigMap 2 · Deployment.apps 2 · Service 2"])');
    expect(lines[40]).toBe('  more(["… 12 more namespaces<br/>72 templates"])');
    expect(lines).toContain('  pp -->|72| more');
    expect(unconnected(chart)).toStrictEqual([]);
    expect(markdown).toContain('it would have 360 nodes, more than 40. It shows the PropagationPolicies as one node, and one node per namespace with its counts ' +
      '(the first 38 namespaces, the other 12 as one node); each edge counts the templates claimed._');
  }));

  test('collapsed, ClusterPropagationPolicies and unclaimed templates keep their edges', () => {
    const small: Plan = {
      ...plan,
      policies: [...plan.policies, { ...plan.policies[0], policy: 'ClusterPropagationPolicy all', claims: ['Service shop/cart'], file: 'x' }],
      unclaimed: [{ object: 'Deployment.apps default/nginx', file: 'y', reason: 'no-matching-policy', message: '' }],
      namespaces: [
        { ...plan.namespaces[0], unclaimed: 1 },
        { ...plan.namespaces[1], claimedBy: [...plan.namespaces[1].claimedBy, { policy: 'ClusterPropagationPolicy all', templates: 1 }] },
      ],
    };
    // room for both namespaces, beside the PropagationPolicies, the ClusterPropagationPolicy and the unclaimed node
    expect(mermaidOf(planToMarkdown(small, { maxDiagramNodes: 5 })).split('\n').filter(l => !l.includes('(["'))).toStrictEqual([
      'flowchart LR',
      '  pp["5 PropagationPolicies"]',
      '  p5["ClusterPropagationPolicy all"]',
      '  pp -->|2| n0',
      '  u -.->|1| n0',
      '  pp -->|4| n1',
      '  p5 -->|1| n1',
      '',
    ]);
    // no room: both namespaces in one node, the edges go to it
    expect(mermaidOf(planToMarkdown(small, { maxDiagramNodes: 4 })).split('\n').filter(l => l.includes('-->') || l.includes('-.->'))).toStrictEqual([
      '  pp -->|6| more',
      '  u -.->|1| more',
      '  p5 -->|1| more',
    ]);
    // many ClusterPropagationPolicies: one node for them
    const many: Plan = { ...small, policies: [...small.policies, ...Array.from({ length: 20 }, (_, i) => ({ ...plan.policies[0], policy: `ClusterPropagationPolicy c${i}`, claims: [], file: 'z' }))] };
    const chart = mermaidOf(planToMarkdown(many, { maxDiagramNodes: 20 }));
    expect(chart).toContain('  cpp["21 ClusterPropagationPolicies"]');
    expect(chart).toContain('  cpp -->|1| n1');
  });

  test('with a live export: the outcome counts, and what changes for each template', () => {
    const live = buildPlan(loadPlanInput({ config: EXAMPLE_CONFIG, live: [path.join(ROOT, 'inventory', 'member1.yaml')] }));
    const markdown = planToMarkdown(live);
    // one vocabulary: the outcomes that hurt, in the same words and order in the summary and the Overwrite table
    const hurts = '| **apply-fails** | 0 |\n| **traffic-change** | 0 |\n| **suspend-change** | 0 |\n| **pods-restart** | 0 |\n| **replicas-change** | 0 |';
    expect(markdown.split(hurts)).toHaveLength(3);
    expect(markdown).toContain('| unchanged | 6 |');
    expect(markdown).toContain('Every live object stays as it is: the templates match it after API-server defaulting.');
  });

  test('the handover is step 0, with its dangers and commands', () => {
    const handover = planHandover({
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Application',
      metadata: { name: 'member1-apps', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] },
      spec: { destination: { name: 'member1' }, syncPolicy: { automated: { prune: true } } },
    }, { sourceClusters: ['member1'] });
    const markdown = planToMarkdown({ ...plan, handover });
    const step0 = markdown.slice(markdown.indexOf('## Step 0'), markdown.indexOf('## Claims'));
    expect(step0).toContain('- **Danger** (auto-prune): auto-sync prunes (spec.syncPolicy.automated.prune: true)');
    expect(step0).toContain('1. **Turn off auto-sync of argocd/member1-apps** (`disable-auto-sync`)\n');
    expect(step0).toContain('   ```sh\n   kubectl -n argocd patch application member1-apps --type json -p \'[{"op":"remove","path":"/spec/syncPolicy/automated"}]\'\n   ```');
    expect(step0).toContain('3. **Delete argocd/member1-apps without cascade** (`delete`)\n\n');
    expect(step0).toContain('   argocd app delete member1-apps --cascade=false\n');
  });

  test('tables are cut at maxRows and lists at maxListItems, pointing at the full plan', () => {
    const markdown = planToMarkdown(plan, { maxRows: 2, maxListItems: 1 });
    expect(markdown).toContain('| `PropagationPolicy default/nginx-pp` | `member1` | 0 | no | 2 | `Deployment.apps default/nginx`<br>… and 1 more |');
    expect(markdown).toContain('… and 3 more rows (see the full plan).');
    expect(markdown).toContain('_This plan is shortened to fit a pull-request comment: 3 rows of 1 table or list are left out, ' +
      'counted where they are. `karmada-migrate plan --output-full FILE` writes the full plan._');
    expect(planToMarkdown(plan)).not.toContain('shortened');
  });

  describe('a fleet', () => {
    const fleetPlan = buildPlan(loadPlanInput({ config: path.join(ROOT, 'examples', 'fleet', 'migration.yaml') }));
    // the fleet's plan with n templates, each the example's web Deployment under another name.
    const scaledFleet = (n: number): Plan => {
      const web = fleetPlan.fleet!.objects.find(o => o.object === 'Deployment.apps shop/web')!;
      return { ...fleetPlan, fleet: { ...fleetPlan.fleet!, objects: Array.from({ length: n }, (_, i) => ({ ...web, object: `Deployment.apps shop/web-${String(i).padStart(5, '0')}` })) } };
    };

    test('the Fleet section comes before the Overwrite, and without a live export says how to give one per cluster', () => {
      const markdown = planToMarkdown(fleetPlan);
      expect(markdown.indexOf('\n## Fleet\n')).toBeGreaterThan(markdown.indexOf('\n## Claims\n'));
      expect(markdown.indexOf('\n## Fleet\n')).toBeLessThan(markdown.indexOf('\n## Overwrite'));
      expect(markdown).toContain('3 member clusters: `member1`, `member2`, `member3`.');
      expect(markdown).toContain('| **pods-restart** | not assessed (no `--live CLUSTER=PATH` export) |');
      expect(markdown).toContain('No live export given (`--live CLUSTER=PATH`, one per member cluster)');
      expect(markdown).toContain('pass it as `--live member1=live-member1.yaml`');
    });

    test('its table shows 10 rows open, folds the rest into <details>, and caps at maxRows', () => {
      const markdown = planToMarkdown(scaledFleet(120));
      const fleet = markdown.slice(markdown.indexOf('\n## Fleet\n'), markdown.indexOf('\n## Overwrite'));
      expect(fleet).toContain('<details><summary>40 more rows</summary>');
      expect(fleet).toContain('… and 70 more rows (see the full plan).');
      expect(fleet.split('\n').filter(l => l.startsWith('| `Deployment.apps shop/web-'))).toHaveLength(50);
    });

    test('a row names at most maxListItems clusters of each kind, the others counted: no row of a big fleet is too long to show', () => {
      const web = fleetPlan.fleet!.objects.find(o => o.object === 'Deployment.apps shop/web')!;
      const clusters = Array.from({ length: 300 }, (_, i) => `store-${String(i).padStart(4, '0')}`);
      const wide = { ...web, overriddenIn: clusters.map(cluster => ({ ...web.overriddenIn[0], cluster })), failedIn: clusters.map(cluster => ({ cluster, error: 'the patch fails' })) };
      const markdown = planToMarkdown({ ...fleetPlan, fleet: { ...fleetPlan.fleet!, objects: [wide] } });
      const row = markdown.split('\n').find(l => l.startsWith('| `Deployment.apps shop/web` |'))!;
      expect(row).toContain('overridden in `store-0009`');
      expect(row).not.toContain('overridden in `store-0010`');
      expect(row).toContain('<br>… and 290 more<br>**override fails** in `store-0000`');
      expect(row.length).toBeLessThan(5_000);
    });

    test('a large fleet fits the budget, shortened by whole rows before the riskier sections', () => {
      const markdown = planToMarkdown(scaledFleet(5_000));
      expect(markdown.length).toBeLessThanOrEqual(60_000);
      const rows = markdown.split('\n').filter(l => l.startsWith('| `Deployment.apps shop/web-'));
      for (const r of rows) expect(r).toMatch(/^\| `Deployment\.apps shop\/web-\d{5}` \| identical in `member1`<br>overridden in `member2`: .* \|$/);
      // the rollback readiness, riskier, keeps its rows when the fleet is shortened
      const tight = planToMarkdown(scaledFleet(200), { maxCharacters: 9_000 });
      expect(tight.length).toBeLessThanOrEqual(9_000);
      expect(tight).toContain('| `fleet` | Takeover | false | not armed | 0 |');
      expect(tight).toMatch(/… (and \d+ more rows|\d+ rows not shown here)/);
    });
  });

  describe('the plan fits a pull-request comment, whatever the size of the migration', () => {
    // the example's plan, scaled: n templates, every one changed by the Overwrite (the riskiest
    // first, as buildPlan sorts them), a tenth unclaimed, a fifth with an unmanaged Secret.
    const scaled = (n: number): Plan => {
      const name = (i: number) => `Deployment.apps team-${String(Math.floor(i / 100)).padStart(4, '0')}/app-${String(i).padStart(6, '0')}`;
      const changes: PlanOverwrite[] = Array.from({ length: n }, (_, i) => ({
        object: name(i), file: `member1/${i}.yaml`, notes: [],
        ...(i < n / 10 ? { classes: ['apply-fails'], applyFails: [{ path: 'spec.selector', reason: 'the selector of a Deployment is immutable' }] }
          : i < n / 2 ? { classes: ['pods-restart'], podsRestart: { paths: ['spec.template.spec.containers[0].image'], rollout: 'RollingUpdate', message: 'the pods restart' } }
            : { classes: ['replicas-change'], replicas: { from: 3, to: 1, hint: 'retain spec.replicas' } }),
      }));
      return {
        ...plan,
        totals: { ...plan.totals, templates: n },
        risks: { ...plan.risks, liveGiven: true, changes, noLiveObject: [] },
        unclaimed: Array.from({ length: Math.floor(n / 10) }, (_, i) => ({ object: name(i), file: 'f', reason: 'no-matching-policy' as const, message: 'no policy selects it' })),
        secrets: Array.from({ length: Math.floor(n / 5) }, (_, i) => ({ migration: 'member1', secret: `Secret team/s-${i}`, inInventory: true, usedBy: [name(i)], alsoUsedBy: [] })),
        problems: Array.from({ length: Math.floor(n / 100) }, (_, i) => `problem ${i}: ${name(i)} is refused`),
      };
    };
    // the rows of the table under a heading, open and folded, and what it says it left out.
    const section = (markdown: string, heading: string) => {
      const start = markdown.indexOf(`\n${heading}\n`);
      const body = markdown.slice(start + 1, markdown.indexOf('\n#', start + 1) + 1 || undefined);
      const rows = body.split('\n').filter(l => l.startsWith('| `'));
      const more = /… and (\d+) more rows? \(see the full plan\)\./.exec(body);
      const none = /… (\d+) rows? not shown here/.exec(body);
      return { body, rows, left: Number(more?.[1] ?? none?.[1] ?? 0) };
    };

    test.each([3_600, 60_000])('%d templates: at most 60,000 characters, the riskiest first, what is left out counted', n => {
      const big = scaled(n);
      const markdown = planToMarkdown(big);
      expect(markdown.length).toBeLessThanOrEqual(60_000);
      expect(markdown).toContain('## Summary');
      expect(markdown).toContain(`| templates | ${n} |`);
      expect(markdown).toContain('_This plan is shortened to fit a pull-request comment');
      // the riskiest changes are there, and every change is shown or counted
      const changes = section(markdown, '## Overwrite: what taking over does to the live objects');
      expect(changes.rows[0]).toContain(big.risks.changes[0].object);
      expect(changes.rows[0]).toContain('**apply-fails**');
      expect(changes.rows.length + changes.left).toBe(n);
      expect(changes.body).toContain('<details><summary>');
      const secrets = section(markdown, '## Secrets left unmanaged');
      expect(secrets.rows.length + secrets.left).toBe(big.secrets.length);
      const problems = section(markdown, '## Problems');
      expect(problems.body).toContain(`- ${big.problems[0]}`);
      expect(markdown).toContain('## Rollback readiness\n\n| Migration |');
      // less risky sections are shortened first
      expect(section(markdown, '### Unclaimed templates').rows.length).toBeLessThanOrEqual(changes.rows.length);

      // the full plan has everything
      const full = planToMarkdown(big, { maxCharacters: Infinity, maxRows: Infinity, maxListItems: Infinity });
      expect(full).not.toContain('see the full plan');
      expect(section(full, '## Overwrite: what taking over does to the live objects').rows).toHaveLength(n);
      for (const c of [big.risks.changes[0], big.risks.changes[n - 1]]) expect(full).toContain(c.object);
    });

    test('an estate of 3,600 templates, end to end', () => withTempDir(dir => {
      const estate = generateEstate(dir, { apps: 1_200, appsPerNamespace: 20, appTakeoverEvery: 2 });
      const big = buildPlan(loadPlanInput({ config: estate.config }));
      expect(big.totals.templates).toBe(3_600);
      const markdown = planToMarkdown(big);
      expect(markdown.length).toBeLessThanOrEqual(60_000);
      expect(planToMarkdown(big, { maxCharacters: Infinity, maxRows: Infinity, maxListItems: Infinity }).length).toBeGreaterThan(markdown.length);
    }));

    // the reviewers' fleet: hundreds of member clusters with long names (Karmada admits 48 characters), a live export of one.
    test('hundreds of clusters: every list of them is capped, every section stays, nothing uncounted', () => withTempDir(dir => {
      const fleet = path.join(ROOT, 'examples', 'fleet');
      fs.cpSync(path.join(fleet, 'exports'), path.join(dir, 'exports'), { recursive: true });
      const name = (i: number) => `retail-store-${String(i).padStart(4, '0')}-eu-west-1-production-k3s`;
      const config = fs.readFileSync(path.join(fleet, 'migration.yaml'), 'utf8').replace(/ {2}sources:\n( {4}- .*\n)+/, () => '  sources:\n' +
        Array.from({ length: 400 }, (_, i) => `    - {cluster: ${name(i)}, inventory: [exports/member${(i % 3) + 1}.yaml]}\n`).join(''));
      fs.writeFileSync(path.join(dir, 'migration.yaml'), config);
      const big = buildPlan(loadPlanInput({ config: path.join(dir, 'migration.yaml'), live: [`${name(0)}=${path.join(dir, 'exports', 'member1.yaml')}`] }));
      expect(big.migrations[0].clusters).toHaveLength(400);
      const markdown = planToMarkdown(big);
      const full = planToMarkdown(big, { maxCharacters: Infinity, maxRows: Infinity, maxListItems: Infinity });
      expect(markdown.length).toBeLessThanOrEqual(60_000);
      const headings = (m: string) => m.split('\n').filter(l => l.startsWith('## '));
      expect(headings(markdown)).toEqual(headings(full));
      expect(markdown).not.toContain('of the plan do not fit');
      // the clusters are named up to maxListItems, the others counted
      expect(markdown).toContain(`Before merging, stop whatever applies these objects to \`${name(0)}\``);
      expect(markdown).toContain(', … and 390 more without deleting them');
      expect(markdown).toContain(`No live export of \`${name(1)}\``);
      expect(markdown).toMatch(/No live export of [^\n]*, … and 389 more: /);
    }));

    test('a namespace of many kinds is one node of the diagram naming four of them, the others counted', () => {
      const kinds = Array.from({ length: 30 }, (_, i) => ({ kind: `XPostgreSQLInstanceV${String(i).padStart(2, '0')}.database.platform.example.org`, templates: 2 }));
      const namespaces = Array.from({ length: 60 }, (_, i) => ({ ...plan.namespaces[0], namespace: `ns-${'x'.repeat(55)}-${String(i).padStart(3, '0')}`, templates: 60, kinds }));
      const markdown = planToMarkdown({ ...plan, namespaces });
      const diagram = markdown.slice(markdown.indexOf('```mermaid'), markdown.indexOf('```', markdown.indexOf('```mermaid') + 3));
      expect(diagram).toContain('XPostgreSQLInstanceV03.database.platform.example.org 2 · … 26 more kinds, 52 templates');
      expect(diagram).not.toContain('XPostgreSQLInstanceV04');
      expect(diagram.length).toBeLessThan(20_000);
    });

    test('when whole sections must go, the title stays (the summary while it fits), the end names what is left out, and the count is of what is shown', () => {
      const big = scaled(2_000);
      // a budget the summary fits and the rest does not, even shortened
      const markdown = planToMarkdown(big, { maxCharacters: 4_000 });
      expect(markdown.length).toBeLessThanOrEqual(4_000);
      expect(markdown.startsWith('# Migration plan\n')).toBe(true);
      expect(markdown).toContain('## Summary');
      const end = /_(\d+) sections? of the plan (?:do|does) not fit in a pull-request comment and (?:are|is) left out: (.*)\. `karmada-migrate plan --output-full FILE` writes the full plan\._/.exec(markdown);
      expect(end).not.toBeNull();
      const shown = markdown.split('\n').filter(l => l.startsWith('## ')).map(l => l.slice(3));
      const all = planToMarkdown(big, { maxCharacters: Infinity }).split('\n').filter(l => l.startsWith('## ')).map(l => l.slice(3));
      expect(Number(end![1])).toBe(all.length - shown.length);
      expect(end![2]).toContain(all[all.length - 1]);
      // the rows said to be left out are those of the tables and lists shown
      const notice = /_This plan is shortened to fit a pull-request comment: (\d+) rows? of/.exec(markdown);
      const counted = [...markdown.matchAll(/… and (\d+) more \w+ \(see the full plan\)|… (\d+) \w+ not shown here/g)].reduce((n, m) => n + Number(m[1] ?? m[2]), 0);
      expect(Number(notice?.[1] ?? 0)).toBe(counted);
      // a budget nothing fits: the title and where the full plan is
      expect(planToMarkdown(big, { maxCharacters: 200 }).length).toBeLessThanOrEqual(200);
      expect(planToMarkdown(big, { maxCharacters: 200 })).toContain('# Migration plan');
    });

    test('shortened by whole rows: no table row, fence or <details> is cut', () => {
      const markdown = planToMarkdown(scaled(20_000), { maxCharacters: 20_000 });
      expect(markdown.length).toBeLessThanOrEqual(20_000);
      expect(markdown.split('<details>').length).toBe(markdown.split('</details>').length);
      expect(markdown.split('```').length % 2).toBe(1);
      for (const line of markdown.split('\n')) if (line.startsWith('|')) expect(line).toMatch(/\|$/);
    });

    test('property: at most maxCharacters, for any size and budget', () => {
      const small = scaled(400);
      const sizes = [fc.integer({ min: 0, max: 400 }), fc.integer({ min: 8_000, max: 60_000 }), fc.constantFrom(Infinity, 50, 3)] as const;
      fc.assert(fc.property(...sizes, (n, max, maxRows) => {
        const p: Plan = { ...small, risks: { ...small.risks, changes: small.risks.changes.slice(0, n) }, unclaimed: small.unclaimed.slice(0, n >> 2),
          secrets: small.secrets.slice(0, n >> 1) };
        const markdown = planToMarkdown(p, { maxCharacters: max, maxRows });
        expect(markdown.length).toBeLessThanOrEqual(max);
        expect(markdown).toContain('## Summary');
        const changes = section(markdown, '## Overwrite: what taking over does to the live objects');
        expect(changes.rows.length + changes.left).toBe(n);
      }), { numRuns: 40 });
    });
  });

  test('free text cannot break a table, start HTML or turn on emphasis', () => {
    const markdown = planToMarkdown({ ...plan, problems: ['a | b <script> *kube-.*_x_ `y`'] });
    expect(markdown).toContain('- a \\| b &lt;script&gt; \\*kube-.\\*\\_x\\_ \\`y\\`');
    expect(markdown).toContain('**1 problem: `karmada-migrate synth` refuses to write dist/ until it is fixed (see [Problems](#problems)).**');
  });

  describe('names from the source cluster cannot forge the plan', () => {
    // GFM splits a table row at every pipe not escaped by a backslash (a backslash escapes the character after it).
    const cells = (row: string) => {
      let n = 0;
      for (let i = 0; i < row.length; i++) {
        if (row[i] === '\\') i++;
        else if (row[i] === '|') n++;
      }
      return n - 1;
    };
    const idle = (name: string) => planToMarkdown({ ...plan, idlePolicies: [{ policy: name, reason: 'matches-nothing', matched: 0, removable: false, message: name, fix: name }] });
    // the one row of the table of idle policies (after its title, a blank line, the header and the separator).
    const rowOf = (markdown: string) => {
      const lines = markdown.split('\n');
      return lines[lines.indexOf('### Idle policies') + 4];
    };
    const baseline = idle('x');

    test.each([
      ['the review\'s name', 'evil` | x |\n\n## Problems\n\nNone: looks fine <img src=x>'],
      ['a backslash before a pipe', 'a\\|b\\\\|c\\'],
      ['backticks at both ends', '`a``b`'],
      ['a carriage return and a tab', 'a\rb\tc\u2028d'],
      ['a Markdown block start', '# heading'],
    ])('%s', (_, name) => {
      const markdown = idle(name);
      expect(markdown.split('\n').length).toBe(baseline.split('\n').length);
      expect(markdown.split('\n').filter(l => l === '## Problems')).toHaveLength(1);
      expect(cells(rowOf(markdown))).toBe(4);
      expect(markdown).not.toMatch(/<img|<script/);
    });

    test('how they are shown: as they are where a code span can hold them, else as character references, line breaks as \\n', () => {
      // the policy, Removable, the message and the fix (both the name here).
      expect(rowOf(idle('`a``b`'))).toBe('| ``` `a``b` ``` | no | \\`a\\`\\`b\\` | \\`a\\`\\`b\\` |');
      expect(rowOf(idle('a|b'))).toBe('| <code>a&#124;b</code> | no | a\\|b | a\\|b |');
      expect(rowOf(idle('x\n## P'))).toBe('| <code>&#34;x&#92;n&#35;&#35; P&#34;</code> | no | x<br>## P | x<br>## P |');
      expect(rowOf(idle('# h'))).toBe('| `# h` | no | \\# h | \\# h |');
    });

    test('in the Mermaid diagram, a name cannot end the label or the block', () => {
      const name = 'p"]\n```\n## Problems\n`x` <b>';
      const mermaid = mermaidOf(planToMarkdown({ ...plan, policies: plan.policies.map((p, i) => (i === 0 ? { ...p, policy: name } : p)) }));
      expect(mermaid.split('\n')[1]).toBe('  p0["p#34;]#10;#96;#96;#96;#10;#35;#35; Problems#10;#96;x#96; #60;b#62;<br/>claims nothing"]');
    });

    test('property: whatever the name, the plan has the same lines and the row the same cells', () => {
      fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 30 }), name => {
        const markdown = idle(name);
        expect(markdown.split('\n').length).toBe(baseline.split('\n').length);
        expect(cells(rowOf(markdown))).toBe(4);
      }), { numRuns: 300 });
    });

    test('end to end: a ClusterRole named like the review\'s adds no section to the plan', () => withTempDir(dir => {
      const name = 'evil` | x |\n\n## Problems\n\nNone: looks fine <img src=x>';
      fs.cpSync(path.join(ROOT, 'inventory'), path.join(dir, 'inventory'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'migration.yaml'), fs.readFileSync(EXAMPLE_CONFIG, 'utf8'));
      fs.appendFileSync(path.join(dir, 'inventory', 'member1.yaml'), `---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: ${JSON.stringify(name)}}\nrules: []\n`);
      const markdown = planToMarkdown(buildPlan(loadPlanInput({ config: path.join(dir, 'migration.yaml') })));
      expect(markdown.split('\n').filter(l => l === '## Problems')).toHaveLength(1);
      expect(markdown.split('\n').filter(l => l.startsWith('None: looks fine'))).toStrictEqual([]);
      expect(markdown).toContain('| `member1` | `ClusterRole.rbac.authorization.k8s.io` | 1: <code>&#34;ClusterRole.rbac.authorization.k8s.io evil&#96; &#124; x &#124;&#92;n&#92;n&#35;&#35; Problems&#92;n&#92;nNone: looks fine ' +
        '&#60;img src&#61;x&#62;&#34;</code> |');
    }));
  });
});

describe('planToMarkdown of what a fleet\'s inventories hold', () => {
  const base = buildPlan(loadPlanInput({ config: EXAMPLE_CONFIG }));
  const on = (...clusters: string[]) => ({ clusters });
  // the example's plan with a row of each inventory finding, as a fleet's plan names them.
  const plan: Plan = {
    ...base,
    owners: base.owners.map(o => ({ ...o, ...on('member1', 'member2') })),
    apiVersions: [{ object: 'Deployment.apps shop/old', from: 'extensions/v1beta1', to: 'apps/v1', why: 'converted', ...on('member3') }],
    risky: [{ object: 'Job.batch shop/migrate', reason: 'job', message: 'runs again', ...on('member1', 'member2') }],
    secrets: [{ migration: 'member1', secret: 'Secret shop/creds', inInventory: true, usedBy: ['Deployment.apps shop/worker'], alsoUsedBy: [], ...on('member3') }],
    inventoryWarnings: [{ migration: 'member1', object: 'HorizontalPodAutoscaler.autoscaling shop/h', source: 'a.yaml:3, b.yaml:5', message: 'scales nothing', ...on('member1', 'member2') }],
    missingDependencies: [{ migration: 'member1', object: 'Deployment.apps shop/worker', dependency: 'ConfigMap shop/settings', paths: ['spec.x'], ...on('member3') }],
    leftBehind: [{
      migration: 'member1',
      byKind: [{ kind: 'ServiceAccount', objects: ['ServiceAccount shop/batch'], ...on('member2', 'member3') }],
      dropped: [{ rule: 'controller-owned', count: 2, ...on('member1') }],
      excluded: [{ object: 'ConfigMap shop/scratch', reason: 'temporary', ...on('member1') }],
    }],
  };
  const md = planToMarkdown(plan);

  test.each([
    ['owners', '| unknown | `member1`, `member2` | '],
    ['API versions', '| `Deployment.apps shop/old` | `member3` | `extensions/v1beta1` | `apps/v1` |'],
    ['risky objects', '| `Job.batch shop/migrate` | `member1`, `member2` | **job** | runs again |'],
    ['Secrets', '| `Secret shop/creds` | `member3` | yes | `Deployment.apps shop/worker` |'],
    ['inventory warnings', '| `HorizontalPodAutoscaler.autoscaling shop/h` | `member1`, `member2` | `a.yaml:3, b.yaml:5` | scales nothing |'],
    ['missing dependencies', '| `Deployment.apps shop/worker` | `member3` | `ConfigMap shop/settings` | `spec.x` |'],
    ['left behind', '| `member1` | `ServiceAccount` | `member2`, `member3` | 1: `ServiceAccount shop/batch` |'],
    ['excluded', '| `member1` | `ConfigMap shop/scratch` | `member1` | temporary |'],
    ['dropped', 'Dropped by the inventory (never templates): `member1` `controller-owned`: 2 (`member1`).'],
  ])('%s name their clusters', (_, row) => {
    expect(md).toContain(row);
  });

  test('the owners of a fleet are stopped on each cluster; one cluster\'s plan has no Clusters column', () => {
    expect(md).toContain('Who applies the templates to each member cluster today, as its export shows (an owner on several clusters is stopped on each)');
    const single = planToMarkdown(base);
    expect(single).toContain('Who applies the templates to the member cluster today, as the export shows');
    // only the policies' table names clusters
    expect(single.split('\n').filter(l => l.includes('| Clusters |'))).toStrictEqual(['| Policy | Clusters | Priority | Preserve | Claims | Templates |']);
  });
});
