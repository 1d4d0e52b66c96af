// What `check --base <revision>` asks Git of the repository holding dist/: a command's output
// (under the settings that make Git compare every file it has not proven unchanged), the commit a
// revision names and where the repository keeps its index, and whether Git compares files through
// conversions of this clone's own.
import { execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { InputError } from '../errors';

/** the git settings under which `git diff` compares every file it has not proven unchanged by its full stat data; without Git's stat threads (they take the core the gate reads with). */
const EXACT_GIT = ['-c', 'core.preloadIndex=false', '-c', 'core.fsmonitor=false', '-c', 'core.untrackedCache=false', '-c', 'core.checkStat=default',
  '-c', 'core.trustctime=true', '-c', 'core.ignoreStat=false'];

/** A Git command that ran and exited otherwise than with 0. */
export class GitExit extends Error {
  public constructor(public readonly args: readonly string[], public readonly code: number | null, public readonly stderr: string) {
    super(`git ${args[0]} exited with ${code}: ${stderr.trim()}`);
    this.name = 'GitExit';
  }
}

/**
 * A git command's output, run in the repository under {@link EXACT_GIT}. The output goes to a file
 * of no name (made, opened and unlinked before Git starts: nothing is left behind, even when the
 * process is killed), not a pipe: the answers run to megabytes, and Git would stop at a full pipe
 * while this thread reads the working tree. Where no such file can be made (no temporary folder
 * to write in), a pipe it is.
 *
 * @throws GitExit when Git exits otherwise than with 0; the error of spawning it when it cannot start
 */
export function runGit(repoDir: string, args: readonly string[]): Promise<string> {
  const all = [...EXACT_GIT, ...args];
  const fd = anonymousFile();
  if (fd === undefined) {
    return new Promise((resolve, reject) => {
      execFile('git', all, { cwd: repoDir, encoding: 'utf8', maxBuffer: 1 << 30 }, (error, stdout, stderr) => {
        if (!error) resolve(stdout);
        else reject(typeof error.code === 'number' ? new GitExit(args, error.code, stderr) : error);
      });
    });
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (answer: () => string) => {
      if (settled) return;
      settled = true;
      try {
        resolve(answer());
      } catch (e) {
        reject(e);
      } finally {
        fs.closeSync(fd);
      }
    };
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn('git', all, { cwd: repoDir, stdio: ['ignore', fd, 'pipe'] });
    } catch (e) {
      done(() => {
        throw e;
      });
      return;
    }
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < 1 << 16) stderr += chunk;
    });
    child.on('error', e => done(() => {
      throw e;
    }));
    child.on('close', code => done(() => {
      if (code !== 0) throw new GitExit(args, code, stderr);
      // (read from its start: Git's writes moved the offset the two processes share)
      const bytes = Buffer.allocUnsafe(fs.fstatSync(fd).size);
      let read = 0;
      while (read < bytes.length) {
        const n = fs.readSync(fd, bytes, read, bytes.length - read, read);
        if (n === 0) break;
        read += n;
      }
      return bytes.toString('utf8', 0, read);
    }));
  });
}

// a file opened for reading and writing, its name already gone; undefined where none can be made.
function anonymousFile(): number | undefined {
  let dir: string | undefined;
  try {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'karmada-migrate-git-'));
    const file = path.join(dir, 'stdout');
    const fd = fs.openSync(file, 'w+');
    try {
      fs.unlinkSync(file);
    } catch {
      // a system that keeps the name of an open file: it goes with the folder below, once closed
      fs.closeSync(fd);
      return undefined;
    }
    return fd;
  } catch {
    return undefined;
  } finally {
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A revision of a repository, and where the repository keeps what the gate reads of it beyond Git's answers. */
export interface LocatedRevision {
  /** the commit the revision names (its full id). */
  readonly commit: string;
  /** the object format: `sha1` or `sha256`. */
  readonly objectFormat: string;
  /** `$GIT_DIR/info/attributes`. */
  readonly infoAttributes: string;
  /** the index file (`$GIT_INDEX_FILE` when set). */
  readonly index: string;
}

/**
 * The commit a revision names, the object format, and where `info/attributes` and the index are.
 *
 * @throws InputError when the revision names no commit of the repository
 */
export async function locateRevision(repoDir: string, revision: string): Promise<LocatedRevision> {
  const refused = () => new InputError(`'${revision}' is neither a directory nor a Git revision of ${repoDir}`);
  let out: string;
  try {
    out = await runGit(repoDir, ['rev-parse', '--show-object-format', '--git-path', 'info/attributes', '--git-path', 'index', '--verify', '--quiet',
      '--end-of-options', `${revision}^{commit}`]);
  } catch (e) {
    if (e instanceof GitExit) throw refused();
    throw e;
  }
  const [objectFormat, infoAttributes, index, commit] = out.split('\n');
  if (!/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(commit ?? '')) throw refused();
  return { commit, objectFormat, infoAttributes: path.resolve(repoDir, infoAttributes), index: path.resolve(repoDir, index) };
}

/**
 * Why Git may compare the working tree through conversions of this clone's own (not the
 * repository's), if it may: line-ending conversion (core.autocrlf); attributes outside the tracked
 * .gitattributes (gitattributes(5): the system file unless GIT_ATTR_NOSYSTEM, core.attributesFile
 * or its XDG default, `$GIT_DIR/info/attributes`; attr.tree and GIT_ATTR_SOURCE, which read them
 * from another tree). A clone's checkout has none of them, so the gate could take an edited file
 * for an unchanged one.
 */
export async function localConversion(repoDir: string, infoAttributes: string): Promise<string | undefined> {
  const [settings, execPath] = await Promise.all([
    runGit(repoDir, ['config', '-z', '--get-regexp', '^(core\\.(autocrlf|attributesfile)|attr\\.tree)$']).catch(e => {
      // exit 1: none is set
      if (e instanceof GitExit && e.code === 1) return '';
      throw e;
    }),
    runGit(repoDir, ['--exec-path']),
  ]);
  if (process.env.GIT_ATTR_SOURCE) return `GIT_ATTR_SOURCE (${process.env.GIT_ATTR_SOURCE}) makes Git read attributes from another tree than the one it compares`;
  let attributesFile: string | undefined;
  for (const entry of settings.split('\0').filter(e => e !== '')) {
    const [name, value = ''] = entry.split('\n');
    if (name === 'core.autocrlf' && value.toLowerCase() !== 'false') {
      return `Git is set to convert line endings when it compares files (core.autocrlf = ${value}): it could take an edited file for an unchanged one`;
    }
    if (name === 'attr.tree') return `attr.tree (${value}) makes Git read attributes from another tree than the one it compares`;
    if (name === 'core.attributesfile') {
      // Git expands ~/ and %(prefix)/, and reads a relative path from the repository's root (where it runs).
      if (value.startsWith('%(') || /^~[^/]/.test(value)) return `core.attributesFile is ${value}, a path the gate does not expand: Git may convert files when it compares them`;
      attributesFile = path.resolve(repoDir, value.replace(/^~(?=\/|$)/, home()));
    }
  }
  const xdg = process.env.XDG_CONFIG_HOME || path.join(home(), '.config');
  // the system file: $(sysconfdir)/gitattributes, /etc for a Git installed in /usr, <prefix>/etc otherwise (the prefix above the exec path).
  const prefix = path.dirname(path.dirname(execPath.trim()));
  const system = truthy(process.env.GIT_ATTR_NOSYSTEM) ? [] : ['/etc/gitattributes', path.join(prefix, 'etc', 'gitattributes')];
  for (const file of [...system, attributesFile ?? path.join(xdg, 'git', 'attributes'), infoAttributes]) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (text.split('\n').some(l => l.trim() !== '' && !l.trim().startsWith('#'))) {
      return `${file} sets attributes of this clone's own: Git may convert files when it compares them (a filter, line endings...)`;
    }
  }
  return undefined;
}

// the home folder as Git finds it: $HOME (path.c expand_user_path, xdg_config_home).
function home(): string {
  return process.env.HOME || os.homedir();
}

// Git's reading of a boolean environment variable (git_env_bool): unset or false-like is false.
function truthy(value: string | undefined): boolean {
  return value !== undefined && !/^(false|no|off|0|)$/i.test(value.trim());
}

/** a file's bytes; none when it does not exist (a repository whose index Git has not written yet). */
export function readIfExists(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw e;
  }
}
