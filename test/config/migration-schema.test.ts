// schemas/migration.schema.json is the one source of truth of migration.yaml: the reader
// validates against it, the TypeScript type is generated from it, editors use it.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { MIGRATION_SCHEMA } from '../../src/config/migration-schema';
import { readConfig } from '../../src/config/read-config';
import { ROOT, withTempDir } from '../util';

describe('the JSON Schema of migration.yaml', () => {
  test('src/config/migration-config.ts is what scripts/schema-types.js generates from it (run npm run schema-types)', () => withTempDir(dir => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'schema-types.js'), path.join(dir, 'types.ts')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(fs.readFileSync(path.join(dir, 'types.ts'), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'src', 'config', 'migration-config.ts'), 'utf8'));
  }));

  test('every field has a description, for the editor', () => {
    const undescribed: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      for (const [key, child] of Object.entries((n.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (!child.description && !child.$ref) undescribed.push(`${at}.${key}`);
        walk(child, `${at}.${key}`);
      }
      if (n.items) walk(n.items, `${at}[]`);
      for (const [key, def] of Object.entries((n.definitions ?? {}) as Record<string, unknown>)) walk(def, `#${key}`);
    };
    walk(MIGRATION_SCHEMA, '');
    expect(undescribed).toStrictEqual([]);
  });

  test('the example names it for yaml-language-server, by a path that exists', () => {
    const first = fs.readFileSync(path.join(ROOT, 'migration.yaml'), 'utf8').split('\n')[0];
    const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    expect(m).not.toBeNull();
    expect(fs.existsSync(path.join(ROOT, m![1]))).toBe(true);
    expect(readConfig(path.join(ROOT, 'migration.yaml'))).toHaveLength(1);
  });

  test('the package ships it', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('schemas/');
  });
});
