// One rule for the flags of every command. yargs-parser reads any option given twice as a list
// (`--output a --output b`: ['a', 'b']), `--no-output` as false and `--output.x=1` as an object
// ({ x: 1 }), whatever its declared type (yargs-parser build/lib/yargs-parser.js: setArg,
// duplicate-arguments-array, boolean-negation, dot-notation); a switch given twice silently keeps
// the last. A handler would then get a value of the wrong type, or one of two values chosen
// without a word. So, for every option of the command that runs: one that takes a value is given
// at most once, never negated nor dotted; a switch at most once, as --x, --no-x, --x=true or
// --x=false; a list option (--live, --works, the inventory's files) holds strings only.

/**
 * The part of what yargs' `getOptions()` returns that the rule needs: the options of the
 * command that runs, by type (yargs build/lib/yargs-factory.js, `getOptions` and
 * `kPopulateParserHintArray`).
 */
export interface OptionTypes {
  /** every option name and alias declared. */
  readonly key: Readonly<Record<string, unknown>>;
  /** the aliases of each option (`config: ['c']`). */
  readonly alias: Readonly<Record<string, readonly string[]>>;
  /** the options that take a list. */
  readonly array: readonly string[];
  /** the switches. */
  readonly boolean: readonly string[];
}

/** yargs' own switches, handled before any rule. */
const BUILT_IN: ReadonlySet<string> = new Set(['help', 'version']);

/**
 * Why the command line breaks the rule (see the top of this file), naming the flag as given, or
 * undefined when it does not.
 *
 * @param args the arguments as yargs parsed them (after the command name is fine)
 * @param parsed what yargs made of them
 * @param options the option types of the command that runs
 * @param readers the options that read a file, for which `-` is standard input: only one of them
 * may read it
 */
export function flagProblem(args: readonly string[], parsed: Readonly<Record<string, unknown>>, options: OptionTypes,
  readers: readonly string[] = []): string | undefined {
  const aliases = new Set(Object.values(options.alias).flat());
  const names = Object.keys(options.key).filter(k => !aliases.has(k) && !BUILT_IN.has(k));
  const isSwitch = (k: string) => options.boolean.includes(k);
  const isList = (k: string) => options.array.includes(k);
  // every spelling yargs accepts for an option: its name, its aliases, its camel-case form.
  const spelled = new Map<string, string>();
  for (const k of names) for (const s of [k, camelCase(k), ...(options.alias[k] ?? [])]) spelled.set(s, k);

  const given = new Map<string, string[]>();
  for (const token of args) {
    if (token === '--') break;
    const m = /^(--?)([^=]+)(?:=(.*))?$/s.exec(token);
    if (!m) continue;
    const [, dashes, name, value] = m;
    const flag = `${dashes}${name}`;
    const hit = (k: string) => given.set(k, [...(given.get(k) ?? []), flag]);
    if (spelled.has(name)) {
      const k = spelled.get(name)!;
      if (isSwitch(k) && value !== undefined && value !== 'true' && value !== 'false') {
        return `${token}: --${k} is a switch: give --${k} or --no-${k}`;
      }
      hit(k);
      continue;
    }
    const negated = dashes === '--' && name.startsWith('no-') ? spelled.get(name.slice(3)) : undefined;
    if (negated !== undefined) {
      if (!isSwitch(negated)) return `${flag}: --${negated} takes a value and has no --no- form; give --${negated} VALUE, or leave it out`;
      hit(negated);
      continue;
    }
    const dotted = name.includes('.') ? spelled.get(name.slice(0, name.indexOf('.')).replace(/^no-/, '')) : undefined;
    if (dotted !== undefined) return `${flag}: --${dotted} has no sub-options (no dotted names); give --${dotted}${isSwitch(dotted) ? '' : ' VALUE'}`;
    // -abc: short flags run together.
    if (dashes === '-' && value === undefined) for (const c of name) if (spelled.has(c)) hit(spelled.get(c)!);
  }
  for (const [k, flags] of given) {
    if (flags.length > 1 && !isList(k)) return `--${k} is given ${flags.length} times (${flags.join(', ')}); give it once`;
  }

  // what the scan cannot see (a spelling it does not know) still never reaches a handler.
  for (const k of names) {
    const value = parsed[k];
    if (value === undefined) continue;
    const fine = isList(k) ? Array.isArray(value) && value.every(v => typeof v === 'string')
      : isSwitch(k) ? typeof value === 'boolean'
        : typeof value === 'string' || typeof value === 'number';
    if (!fine) return `--${k} is malformed (${JSON.stringify(value)}); give it once, as --${k}${isSwitch(k) ? '' : ' VALUE'}`;
  }

  const stdin = readers.filter(k => [parsed[k]].flat().includes('-'));
  if (stdin.length > 1) {
    return `standard input (-) is given to ${stdin.map(k => `--${k}`).join(' and ')}, and can be read once; give a file to all of them but one`;
  }
  return undefined;
}

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
