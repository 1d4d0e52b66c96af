import * as fs from 'fs';
import * as path from 'path';
import { CrdSchemaSet } from '../kube/crd-schema-set';

let cached: CrdSchemaSet | undefined;

/**
 * The schemas of the CRDs the output is checked against: Karmada v1.18.2's policies and ResourceInterpreterCustomization,
 * Argo CD v3.5.1's Application and Flux kustomize-controller v1.9.4's Kustomization,
 * generated into `imports/crd-schemas.json` by `npm run import` with the bindings.
 */
export function bundledSchemas(): CrdSchemaSet {
  if (!cached) {
    // found from src/validation (tsx, jest) and from lib/src/validation (compiled) alike.
    const candidates = [path.join(__dirname, '../../imports/crd-schemas.json'), path.join(__dirname, '../../../imports/crd-schemas.json')];
    const file = candidates.find(f => fs.existsSync(f));
    if (!file) throw new Error(`imports/crd-schemas.json is missing (looked in ${candidates.join(', ')}); run npm run import`);
    cached = CrdSchemaSet.fromDocuments(JSON.parse(fs.readFileSync(file, 'utf8')) as unknown[]);
  }
  return cached;
}
