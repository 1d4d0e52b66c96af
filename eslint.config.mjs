// lint baseline of the cdk8s-team repos: 2 spaces, single quotes, semicolons, trailing commas.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layers of src/, lowest first (README, "Layout of the code"): a folder imports only from
// the folders before it (and errors.ts, text-file.ts); the generated imports/ only from constructs/ on. A
// file whose name starts with `_` is private to its folder. src/index.ts is the package's face:
// nothing inside src/ imports it.
const LAYERS = ['runtime', 'kube', 'output', 'karmada', 'validation', 'inventory', 'gitops', 'constructs', 'config', 'pipeline', 'report', 'cli'];
const layerRules = LAYERS.map((layer, i) => {
  const above = LAYERS.slice(i + 1);
  const forbidden = i < LAYERS.indexOf('constructs') ? [...above, 'imports'] : above;
  return {
    files: [`src/${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...(forbidden.length ? [{
            regex: `^(\\.\\./)+(${forbidden.join('|')})(/|$)`,
            message: `${layer}/ is below ${above.join(', ') || 'nothing'} in the layers of src/ (README, "Layout of the code"): move the code down, or pass what it needs in`,
          }] : []),
          { regex: '^(\\.\\./)+[a-z0-9-]+/(.+/)?_[^/]+$', message: 'a file whose name starts with _ is private to its folder: export what is shared from a public file' },
          { regex: '^\\.\\.(/\\.\\.)*(/index)?/?$', message: 'src/index.ts is the package face: import the module itself' },
        ],
      }],
    },
  };
});

export default tseslint.config(
  { ignores: ['imports/**', 'lib/**', 'dist/**', 'node_modules/**', '.cdk8s.out/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.json' } },
    rules: {
      'indent': ['error', 2, { SwitchCase: 1 }],
      'quotes': ['error', 'single', { avoidEscape: true }],
      'semi': ['error', 'always'],
      'comma-dangle': ['error', 'always-multiline'],
      'max-len': ['error', { code: 150, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreComments: true, ignoreUrls: true, ignoreRegExpLiterals: true }],
      'curly': ['error', 'multi-line'],
      'dot-notation': 'error',
      'no-shadow': 'off',
      '@typescript-eslint/no-shadow': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-require-imports': 'error',
      '@typescript-eslint/consistent-type-imports': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
      // props interfaces exist even when empty (aws-cdk design guidelines).
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    // the few CommonJS files (jest hooks, the bin, the validation plugin's entry).
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...layerRules,
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
