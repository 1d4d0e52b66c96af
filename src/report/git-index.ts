// Git's index as `check --base <revision>` reads it: which files Git tracks, which it does not
// compare with the working tree as it does the others, and which have stat data that may hide an
// edit. Read from the index file itself (Git's Documentation/gitformat-index.txt, read-cache.c:
// create_from_disk, expand_name_field), not through `git ls-files --debug`, whose output of 60,000
// entries is 12 MB to write, pipe and parse. What this reader does not know (a split index, a
// required extension, a version other than 2 to 4, a checksum that does not match) is `unreadable`,
// and the gate then reads everything.
import { createHash } from 'crypto';

/** What the index says of the files in scope: one Git does not compare, or the files and those whose stat data may hide an edit. */
export type IndexRead = { readonly untrusted: { readonly path: string; readonly why: string } }
  | { readonly tracked: ReadonlySet<string>; readonly suspects: ReadonlySet<string> }
  | { readonly unreadable: string };

/** the object formats Git knows, by the length of an object id in bytes. */
const HASHES: Readonly<Record<string, { readonly bytes: number; readonly algorithm: string }>> = {
  sha1: { bytes: 20, algorithm: 'sha1' },
  sha256: { bytes: 32, algorithm: 'sha256' },
};

// the entry flags (gitformat-index.txt): assume-valid, extended, the stage; the extended flags: skip-worktree, intent-to-add.
const ASSUME_VALID = 0x8000;
const EXTENDED = 0x4000;
const STAGE = 0x3000;
const NAME_LENGTH = 0x0fff;
const SKIP_WORKTREE = 0x4000;
const INTENT_TO_ADD = 0x2000;
/** an entry's mode: a sparse index's directory entry (S_IFDIR). */
const DIRECTORY_MODE = 0o040000;

/**
 * Reads an index file: every entry `inScope` accepts is tracked; it is a suspect when its mtime is
 * not in the second of its ctime (a file whose mtime was set: Git compares the seconds only, so an
 * edit of the same size in the second it recorded goes unseen). An entry in scope Git does not
 * compare as the others (assume-unchanged, skip-worktree, unmerged, intent-to-add, a sparse
 * directory) is `untrusted`.
 *
 * @param bytes the index file (an empty buffer: no index, nothing tracked)
 * @param objectFormat the repository's object format (`git rev-parse --show-object-format`)
 * @param inScope whether an entry's path (UTF-8, a name that is not is decoded with U+FFFD) counts
 */
export function readIndexFile(bytes: Buffer, objectFormat: string, inScope: (path: string) => boolean): IndexRead {
  const tracked = new Set<string>();
  const suspects = new Set<string>();
  if (bytes.length === 0) return { tracked, suspects };
  const hash = HASHES[objectFormat];
  if (!hash) return { unreadable: `the object format ${objectFormat} is not one the gate reads` };
  const end = bytes.length - hash.bytes;
  if (end < 12 || bytes.toString('latin1', 0, 4) !== 'DIRC') return { unreadable: 'it does not start as an index file does' };
  const version = bytes.readUInt32BE(4);
  if (version < 2 || version > 4) return { unreadable: `it is of version ${version}, not 2, 3 or 4` };
  // the checksum of what precedes it; all zeros when Git skips it (index.skipHash).
  const checksum = bytes.subarray(end);
  if (checksum.some(b => b !== 0) && !createHash(hash.algorithm).update(bytes.subarray(0, end)).digest().equals(checksum)) {
    return { unreadable: 'its checksum does not match its content' };
  }
  const count = bytes.readUInt32BE(8);
  // stat data (ctime, mtime, dev, ino, mode, uid, gid, size: 40 bytes), the object id, the flags.
  const fixed = 40 + hash.bytes + 2;
  let at = 12;
  let previous: Buffer = Buffer.alloc(0);
  for (let i = 0; i < count; i++) {
    const start = at;
    if (at + fixed > end) return { unreadable: 'it ends within an entry' };
    const ctime = bytes.readUInt32BE(at);
    const mtime = bytes.readUInt32BE(at + 8);
    const mode = bytes.readUInt32BE(at + 24);
    const flags = bytes.readUInt16BE(at + fixed - 2);
    at += fixed;
    let extended = 0;
    if (flags & EXTENDED) {
      if (version < 3 || at + 2 > end) return { unreadable: 'an entry has extended flags where there can be none' };
      extended = bytes.readUInt16BE(at);
      at += 2;
    }
    let path: string;
    if (version === 4) {
      // the name is the previous one less its last N bytes, then the bytes up to a NUL (N in Git's varint: varint.c decode_varint).
      let byte = bytes[at++];
      let strip = byte & 0x7f;
      while (byte & 0x80 && at < end && strip < previous.length + 1) {
        byte = bytes[at++];
        strip = (strip + 1) * 128 + (byte & 0x7f);
      }
      const nul = bytes.indexOf(0, at);
      if (byte & 0x80 || strip > previous.length || nul < 0 || nul >= end) return { unreadable: 'an entry\'s name cannot be read' };
      previous = Buffer.concat([previous.subarray(0, previous.length - strip), bytes.subarray(at, nul)]);
      path = previous.toString('utf8');
      at = nul + 1;
    } else {
      // the flags hold the name's length below 0xFFF (a longer name runs to its NUL)
      const length = flags & NAME_LENGTH;
      const nul = length < NAME_LENGTH ? at + length : bytes.indexOf(0, at);
      if (nul < 0 || nul >= end || bytes[nul] !== 0) return { unreadable: 'an entry\'s name cannot be read' };
      path = bytes.toString('utf8', at, nul);
      // 1 to 8 NULs pad the entry to a multiple of 8 bytes
      at = start + ((nul - start + 8) & ~7);
    }
    if (!inScope(path)) continue;
    if (flags & ASSUME_VALID) return { untrusted: { path, why: 'assume-unchanged' } };
    if (extended & SKIP_WORKTREE) return { untrusted: { path, why: 'skip-worktree' } };
    if (flags & STAGE) return { untrusted: { path, why: 'unmerged' } };
    if (extended & INTENT_TO_ADD) return { untrusted: { path, why: 'intent-to-add' } };
    if ((mode & 0o170000) === DIRECTORY_MODE) return { untrusted: { path, why: 'a directory of a sparse index' } };
    tracked.add(path);
    if (ctime !== mtime) suspects.add(path);
  }
  // the extensions: an optional one starts with A to Z; any other (a split index's link, a sparse index's sdir) changes what the entries mean.
  while (at < end) {
    if (at + 8 > end) return { unreadable: 'it ends within an extension' };
    const first = bytes[at];
    if (first < 0x41 || first > 0x5a) return { unreadable: `it has the extension ${bytes.toString('latin1', at, at + 4)}, which the gate does not read` };
    at += 8 + bytes.readUInt32BE(at + 4);
  }
  if (at !== end) return { unreadable: 'an extension runs past its end' };
  return { tracked, suspects };
}
