// the two glob dialects: Go's path.Match (ApplicationSet Git directories) and gobwas/glob without
// separators (Argo CD directory include/exclude, util/glob.Match).
import { gobwasMatch, goPathMatch } from '../../src/gitops/_glob';

describe('goPathMatch', () => {
  test.each<[string, string, boolean]>([
    ['dist/member1/policies/*', 'dist/member1/policies/default', true],
    ['dist/member1/policies/*', 'dist/member1/policies/default/x', false], // * stops at /
    ['dist/*/policies/*', 'dist/member1/policies/_cluster', true],
    ['dist/member1/policies/[a-m]*', 'dist/member1/policies/shop', false],
    ['dist/member1/policies/[^d]*', 'dist/member1/policies/shop', true],
    ['dist/member1/policies/?efault', 'dist/member1/policies/default', true],
    ['dist/member1/policies/\\*', 'dist/member1/policies/*', true],
    ['dist/member1/policies/[', 'dist/member1/policies/[', false], // malformed: matches nothing
  ])('%s ~ %s: %s', (pattern, name, expected) => {
    expect(goPathMatch(pattern, name)).toBe(expected);
  });
});

describe('gobwasMatch', () => {
  test.each<[string, string, boolean]>([
    ['{*.yaml,**/*.yaml}', 'templates/default/Deployment.apps_nginx.yaml', true],
    ['*.yaml', 'templates/default/Deployment.apps_nginx.yaml', true], // * crosses / without separators
    ['templates/*', 'templates/default/x.yaml', true],
    ['policies/*', 'templates/default/x.yaml', false],
    ['{a,b}/*.yaml', 'b/x.yaml', true],
    ['[!t]*', 'templates/x.yaml', false],
    ['*.json', 'x.yaml', false],
    ['{a,b', 'a', false], // malformed
  ])('%s ~ %s: %s', (pattern, name, expected) => {
    expect(gobwasMatch(pattern, name)).toBe(expected);
  });
});
