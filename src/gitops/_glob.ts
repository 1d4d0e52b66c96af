// The two glob dialects the GitOps tools match dist/ paths with. Written here rather than taken
// from picomatch or minimatch, whose shell-like semantics differ from both (dotfiles, `**`,
// separators).

/**
 * Go's `path.Match`, which Argo CD's ApplicationSet Git directory generator applies to
 * directory paths (applicationset/generators/git.go: filterApps): `*` matches any run of
 * characters but `/`, `?` one character but `/`, `[...]` a class (`^` negates), `\` escapes.
 * A malformed pattern matches nothing.
 */
export function goPathMatch(pattern: string, name: string): boolean {
  const re = compile(pattern, true, false);
  return re !== undefined && re.test(name);
}

/**
 * gobwas/glob without separators, which Argo CD's `util/glob.Match` uses for an
 * Application's `directory.include` and `directory.exclude` against the file's path relative
 * to the source path (reposerver/repository/repository.go: findManifests): `*` and `**` match
 * any run of characters, `/` included; `?` any one character; `[...]` a class (`!` or `^`
 * negates); `{a,b}` alternatives; `\` escapes. A malformed pattern matches nothing.
 */
export function gobwasMatch(pattern: string, name: string): boolean {
  const re = compile(pattern, false, true);
  return re !== undefined && re.test(name);
}

const cache = new Map<string, RegExp | undefined>();

function compile(pattern: string, separatorAware: boolean, braces: boolean): RegExp | undefined {
  const key = `${separatorAware ? 1 : 0}${braces ? 1 : 0}${pattern}`;
  if (cache.has(key)) return cache.get(key);
  let re: RegExp | undefined;
  try {
    const source = translate(pattern, separatorAware, braces);
    re = source === undefined ? undefined : new RegExp(`^${source}$`, 's');
  } catch {
    re = undefined;
  }
  cache.set(key, re);
  return re;
}

function translate(p: string, separatorAware: boolean, braces: boolean): string | undefined {
  const any = separatorAware ? '[^/]' : '.';
  let out = '';
  let depth = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      if (i + 1 >= p.length) return undefined;
      out += escape(p[++i]);
    } else if (c === '*') {
      while (p[i + 1] === '*') i++;
      out += `${any}*`;
    } else if (c === '?') {
      out += any;
    } else if (c === '[') {
      const end = p.indexOf(']', i + 2);
      if (end < 0) return undefined;
      let body = p.slice(i + 1, end);
      let negate = false;
      if (body.startsWith('^') || (!separatorAware && body.startsWith('!'))) {
        negate = true;
        body = body.slice(1);
      }
      if (body === '') return undefined;
      const cls = body.replace(/[\]\\^]/g, m => `\\${m}`);
      out += negate ? `[^${separatorAware ? '/' : ''}${cls}]` : `[${cls}]`;
      i = end;
    } else if (braces && c === '{') {
      depth++;
      out += '(?:';
    } else if (braces && c === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (braces && c === ',' && depth > 0) {
      out += '|';
    } else {
      out += escape(c);
    }
  }
  return depth === 0 ? out : undefined;
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, m => `\\${m}`);
}
