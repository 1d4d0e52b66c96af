// npm run synth folds the cdk8s CLI's list of manifests (one line per file: cdk8s-cli lib/util.js
// synthApp) past MAX_LISTED lines into a count, and passes everything else through.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain Node script of the repository
const { ManifestList, MAX_LISTED } = require('../../scripts/manifest-list') as {
  ManifestList: new (write: (text: string) => void, max?: number) => { push(chunk: string): void; end(): void };
  MAX_LISTED: number;
};

function run(output: string, chunkSize: number, max?: number): string {
  let out = '';
  const list = new ManifestList(t => { out += t; }, max);
  for (let i = 0; i < output.length; i += chunkSize) list.push(output.slice(i, i + chunkSize));
  list.end();
  return out;
}

const cli = (n: number) => ['Synthesizing application', 'karmada-migrate: n files written',
  ...Array.from({ length: n }, (_, i) => `  - .cdk8s.out/member1/templates/a/ConfigMap_c${i}.yaml`), 'Performing validations', 'Validations finished', ''].join('\n');

describe('ManifestList', () => {
  test('a short list passes through unchanged, whatever the chunks', () => {
    for (const size of [1, 7, 1000]) expect(run(cli(MAX_LISTED), size)).toBe(cli(MAX_LISTED));
  });

  test('a long list keeps its first lines and says how many more', () => {
    const out = run(cli(60000), 4096);
    const lines = out.split('\n');
    expect(lines.filter(l => l.startsWith('  - '))).toHaveLength(MAX_LISTED);
    expect(lines).toContain('  ... and 59980 more manifests');
    expect(lines.slice(-3)).toStrictEqual(['Performing validations', 'Validations finished', '']);
  });

  test('output without a final newline ends as it came; a list at the very end is folded too', () => {
    expect(run('a\nb', 1)).toBe('a\nb');
    expect(run('x\n  - 1\n  - 2\n  - 3\n', 2, 2)).toBe('x\n  - 1\n  - 2\n  ... and 1 more manifest\n');
  });
});
