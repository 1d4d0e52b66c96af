import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { InputError } from '../errors';
import { KubeObject } from '../inventory/types';

/** The manifests of a `dist/` folder, by path relative to it. */
export type DistTree = ReadonlyMap<string, KubeObject>;

/** reads every `.yaml` manifest under a folder (one object a file, as karmada-migrate writes them). */
export function readDistDir(dir: string): DistTree {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new InputError('no such directory', { file: dir });
  const files = new Map<string, string>();
  for (const f of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!f.isFile() || !f.name.endsWith('.yaml')) continue;
    const full = path.join(f.parentPath, f.name);
    files.set(path.relative(dir, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8'));
  }
  return parseTree(files, dir);
}

/**
 * reads `dist/` as it is at a Git revision of the repository holding `repoDir`.
 *
 * @param distPath the folder, relative to the repository root
 */
export function readDistAtRevision(repoDir: string, revision: string, distPath: string): DistTree {
  const git = (args: string[], input?: string) => execFileSync('git', args, { cwd: repoDir, encoding: 'utf8', input, maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    git(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]);
  } catch {
    throw new InputError(`'${revision}' is neither a directory nor a Git revision of ${repoDir}`);
  }
  const prefix = distPath.replace(/\/+$/, '');
  const names = git(['ls-tree', '-r', '--name-only', revision, '--', prefix]).split('\n').filter(n => n.endsWith('.yaml'));
  const files = new Map<string, string>();
  if (names.length > 0) {
    // one `git cat-file --batch` for all files: a process per file would be slow on big estates.
    const out = execFileSync('git', ['cat-file', '--batch'], { cwd: repoDir, input: names.map(n => `${revision}:${n}`).join('\n') + '\n', maxBuffer: 1 << 30 });
    let pos = 0;
    for (const name of names) {
      const eol = out.indexOf(0x0a, pos);
      const size = Number(out.subarray(pos, eol).toString('utf8').split(' ')[2]);
      files.set(name.slice(prefix.length + 1), out.subarray(eol + 1, eol + 1 + size).toString('utf8'));
      pos = eol + 1 + size + 1;
    }
  }
  return parseTree(files, `${revision}:${prefix}`);
}

function parseTree(files: Map<string, string>, where: string): DistTree {
  const tree = new Map<string, KubeObject>();
  for (const [rel, text] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    let doc: unknown;
    try {
      doc = yaml.load(text);
    } catch (e) {
      throw new InputError(`malformed YAML: ${(e as Error).message.split('\n')[0]}`, { file: `${where}/${rel}` });
    }
    const o = doc as KubeObject | null;
    if (!o || typeof o !== 'object' || !o.apiVersion || !o.kind || !o.metadata?.name) {
      throw new InputError('not a Kubernetes object (apiVersion, kind and metadata.name are required)', { file: `${where}/${rel}` });
    }
    tree.set(rel, o);
  }
  return tree;
}
