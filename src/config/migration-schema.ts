import * as fs from 'fs';
import * as path from 'path';

export * from './migration-config';

/** where the JSON Schema of migration.yaml is, in the repository and in the package. */
export const MIGRATION_SCHEMA_FILE = findSchema();

/**
 * The JSON schema of `migration.yaml` (`karmada-migrate.io/v1alpha1`, kind `Migration`):
 * schemas/migration.schema.json, the one source of truth (the config reader validates
 * against it, the TypeScript type is generated from it, editors complete and check
 * migration.yaml with it). Unknown fields are errors: a typo must not silently change what
 * is taken over.
 */
export const MIGRATION_SCHEMA: Readonly<Record<string, unknown>> = JSON.parse(fs.readFileSync(MIGRATION_SCHEMA_FILE, 'utf8'));

// found from src/config (tsx, jest) and from lib/src/config (compiled) alike.
function findSchema(): string {
  const candidates = [path.join(__dirname, '../../schemas/migration.schema.json'), path.join(__dirname, '../../../schemas/migration.schema.json')];
  const file = candidates.find(f => fs.existsSync(f));
  if (!file) throw new Error(`schemas/migration.schema.json is missing (looked in ${candidates.join(', ')})`);
  return file;
}
