import { CHECK_RULES, CheckFinding } from '../../src/report/check';
import { checkToGithub, checkToSarif, escapeGithubData, escapeGithubProperty, SARIF_SCHEMA } from '../../src/report/check-formats';

const findings: CheckFinding[] = [
  { severity: 'error', rule: 'template-removed-without-preserve', object: 'Deployment.apps default/nginx', file: 'member1/templates/default/Deployment.apps-nginx.yaml',
    message: 'Deployment.apps default/nginx leaves Karmada', fix: 'arm the rollback first' },
  { severity: 'warning', rule: 'claim-moves', object: 'Service default/web', file: 'member1/templates/default/Service-web.yaml', message: 'the claim moves' },
  { severity: 'error', rule: 'base-without-dist', message: 'the base holds no manifest', fix: 'point --base at it' },
];

describe('checkToSarif', () => {
  const log = checkToSarif(findings, { distPath: 'deploy/dist' });

  test('SARIF 2.1.0: one run of karmada-migrate, the gate\'s rules with their descriptions', () => {
    expect(log.$schema).toBe(SARIF_SCHEMA);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0].tool.driver;
    expect(driver.name).toBe('karmada-migrate');
    expect(driver.rules.map(r => r.id)).toStrictEqual(Object.keys(CHECK_RULES));
    for (const r of driver.rules) expect(r.shortDescription.text).toBe(CHECK_RULES[r.id]);
    expect(driver.rules.find(r => r.id === 'claim-moves')!.defaultConfiguration.level).toBe('warning');
    expect(driver.rules.find(r => r.id === 'crd-deleted')!.defaultConfiguration.level).toBe('error');
  });

  test('a result per finding, at its file from the repository root, line 1; the change as a whole at dist/', () => {
    const results = log.runs[0].results;
    const where = (r: typeof results[number]) => r.locations[0].physicalLocation;
    expect(results.map(r => [r.ruleId, r.level, where(r).artifactLocation.uri, where(r).region.startLine])).toStrictEqual([
      ['template-removed-without-preserve', 'error', 'deploy/dist/member1/templates/default/Deployment.apps-nginx.yaml', 1],
      ['claim-moves', 'warning', 'deploy/dist/member1/templates/default/Service-web.yaml', 1],
      ['base-without-dist', 'error', 'deploy/dist', 1],
    ]);
    expect(results[0].message.text).toBe('Deployment.apps default/nginx leaves Karmada\nfix: arm the rollback first');
    expect(results[0].properties).toStrictEqual({ object: 'Deployment.apps default/nginx' });
    for (const r of results) expect(log.runs[0].tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    // no finding: an empty run
    expect(checkToSarif([]).runs[0].results).toStrictEqual([]);
  });

  test('a rule the table does not know is still declared', () => {
    const [run] = checkToSarif([{ severity: 'error', rule: 'new-rule', message: 'm' }]).runs;
    expect(run.tool.driver.rules[run.results[0].ruleIndex]).toStrictEqual({ id: 'new-rule', shortDescription: { text: 'new-rule' }, defaultConfiguration: { level: 'error' } });
  });
});

describe('checkToGithub', () => {
  test('one workflow command per finding, then the verdict', () => {
    expect(checkToGithub(findings, false).split('\n')).toStrictEqual([
      '::error file=dist/member1/templates/default/Deployment.apps-nginx.yaml,line=1,title=template-removed-without-preserve::Deployment.apps default/nginx leaves Karmada%0Afix: arm the rollback first',
      '::warning file=dist/member1/templates/default/Service-web.yaml,line=1,title=claim-moves::the claim moves',
      '::error title=base-without-dist::the base holds no manifest%0Afix: point --base at it',
      'check failed: 2 error(s)',
      '',
    ]);
    expect(checkToGithub([findings[1]], true)).toMatch(/\ncheck passed with 1 warning\(s\)\n$/);
  });

  test('GitHub\'s escaping (actions/toolkit core/src/command.ts): data %, CR, LF; properties also : and ,', () => {
    expect(escapeGithubData('100% a:b,c\r\nd')).toBe('100%25 a:b,c%0D%0Ad');
    expect(escapeGithubProperty('100% a:b,c\r\nd')).toBe('100%25 a%3Ab%2Cc%0D%0Ad');
    // a file name cannot add a property, a message cannot start a command of its own
    const [line] = checkToGithub([{ severity: 'error', rule: 'r', file: 'a,line=9:b.yaml', message: 'x\n::error::forged' }], false).split('\n');
    expect(line).toBe('::error file=dist/a%2Cline=9%3Ab.yaml,line=1,title=r::x%0A::error::forged');
  });
});
