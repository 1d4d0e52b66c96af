// private: the Kubernetes string checks and Go formatting Karmada's webhook messages are
// made of, ported from k8s.io/apimachinery v0.35.3 (the version karmada v1.18.2's go.mod
// pins): pkg/api/validate/content (kube.go IsLabelKey, dns.go IsDNS1123Subdomain,
// errors.go) and Go's strconv.Quote (`%q`).

const LABEL_KEY_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_KEY_ERR_MSG = 'must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character';
const LABEL_KEY_MAX_LENGTH = 63;
const LABEL_KEY_REGEXP = new RegExp(`^${LABEL_KEY_FMT}$`);

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR_MSG = 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character';
const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
const DNS1123_SUBDOMAIN_REGEXP = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);

/** content.RegexError. */
function regexError(msg: string, re: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${re}')`;
  // as go builds it, hence the double space before each ' or '.
  let out = `${msg} (e.g. `;
  examples.forEach((e, i) => {
    if (i > 0) out += ' or ';
    out += `'${e}', `;
  });
  return `${out}regex used for validation is '${re}')`;
}

/** content.MaxLenError. */
function maxLenError(length: number): string {
  return `must be no more than ${length} bytes`;
}

// go's len() of a string counts bytes.
function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** content.IsDNS1123Subdomain: the problems of a lowercase RFC 1123 subdomain; empty when valid. */
export function isDns1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!DNS1123_SUBDOMAIN_REGEXP.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_ERR_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

/**
 * content.IsLabelKey (also `validation.IsQualifiedName`, which metav1validation.ValidateLabelName
 * uses): the problems of a label key, in the order and words of apimachinery; empty when valid.
 */
export function isLabelKey(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  switch (parts.length) {
    case 1:
      name = parts[0];
      break;
    case 2: {
      const prefix = parts[0];
      name = parts[1];
      if (prefix.length === 0) {
        errs.push('prefix part must be non-empty');
      } else {
        errs.push(...isDns1123Subdomain(prefix).map(m => `prefix part ${m}`));
      }
      break;
    }
    default:
      return [`a valid label key ${regexError(LABEL_KEY_ERR_MSG, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')}` +
        ' with an optional DNS subdomain prefix and \'/\' (e.g. \'example.com/MyName\')'];
  }
  if (name.length === 0) {
    errs.push('name part must be non-empty');
  } else if (byteLength(name) > LABEL_KEY_MAX_LENGTH) {
    errs.push(`name part ${maxLenError(LABEL_KEY_MAX_LENGTH)}`);
  }
  if (!LABEL_KEY_REGEXP.test(name)) errs.push(`name part ${regexError(LABEL_KEY_ERR_MSG, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

// unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };

/** Go's `%q` of a string (strconv.Quote). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (PRINTABLE.test(ch)) out += ch;
    else if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}
