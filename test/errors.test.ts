import { InputError, isInputError } from '../src';
import * as yaml from 'js-yaml';
import { describeUnexpected, formatExcerpt, formatLocation, malformedYaml } from '../src/errors';

describe('InputError', () => {
  test('prefixes the message with the location', () => {
    expect(new InputError('bad', { file: 'a.yaml', document: 2, line: 14 }).message).toBe('a.yaml:14 (document 2): bad');
    expect(new InputError('bad', { file: 'a.yaml' }).message).toBe('a.yaml: bad');
    expect(new InputError('bad').message).toBe('bad');
  });

  test('formatLocation renders what is known, the document only when the file holds several', () => {
    expect(formatLocation({ file: '-', line: 3 })).toBe('-:3');
    expect(formatLocation({ file: 'a.yaml', document: 0, documents: 1, line: 3 })).toBe('a.yaml:3');
    expect(formatLocation({ file: 'a.yaml', document: 1, documents: 2, line: 9 })).toBe('a.yaml:9 (document 1)');
    expect(formatLocation({ file: 'a.yaml', document: 1, line: 9 })).toBe('a.yaml:9 (document 1)');
    expect(formatLocation({ file: 'a.yaml', document: 1, documents: 3 })).toBe('a.yaml (document 1)');
    expect(formatLocation({ file: 'a.yaml', document: 0, documents: 1 })).toBe('a.yaml');
  });

  test('formatExcerpt numbers the lines as in the file and puts a caret under the column', () => {
    expect(formatExcerpt('a: 1\nb: 2\nc: [3\nd: 4\n', 3, 3, 10)).toBe([
      '  10 | a: 1',
      '  11 | b: 2',
      '  12 | c: [3',
      '     |    ^',
    ].join('\n'));
    expect(formatExcerpt('\tkey: x', 1, 0)).toBe('  1 | →key: x\n    | ^');
    expect(formatExcerpt('a: 1', 5, 0)).toBe('');
  });

  test('formatExcerpt shows the part of a long line around the column', () => {
    const line = `data: {x: "${'a'.repeat(300)}" y}`;
    const excerpt = formatExcerpt(line, 1, line.indexOf('y}'));
    const [text, caret] = excerpt.split('\n');
    expect(text.length).toBeLessThan(120);
    expect(text.startsWith('  1 | ... ')).toBe(true);
    expect(text[caret.indexOf('^')]).toBe('y');
  });

  test('malformedYaml locates a js-yaml error and shows the line', () => {
    let thrown: unknown;
    try {
      yaml.load('a: 1\nb: [2\n');
    } catch (e) {
      thrown = e;
    }
    const e = malformedYaml(thrown, 'a: 1\nb: [2\n', { file: 'x.yaml', document: 3, documents: 4 }, 21);
    expect(e.message).toBe('x.yaml:22 (document 3): malformed YAML: unexpected end of the stream within a flow collection\n  21 | a: 1\n  22 | b: [2\n     |      ^');
    expect(malformedYaml(new Error('boom'), '', { file: 'x.yaml' }).message).toBe('x.yaml: malformed YAML: boom');
  });

  test('isInputError tells user errors from bugs', () => {
    expect(isInputError(new InputError('x'))).toBe(true);
    expect(isInputError(new Error('x'))).toBe(false);
    expect(isInputError('x')).toBe(false);
  });
});

describe('describeUnexpected', () => {
  test('a system error is one line with the call, the path and the code; a bug asks to be reported; no stack', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', path: '/out/a.yaml' });
    expect(describeUnexpected(enospc)).toBe('cannot write /out/a.yaml: ENOSPC (no space left on device); check the path and its permissions');
    const bug = describeUnexpected(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(bug).toBe("unexpected error: Cannot read properties of undefined (reading 'x'). This is a bug of karmada-migrate: please report it with the command that ran " +
      '(KARMADA_MIGRATE_DEBUG=1 prints the stack)');
    expect(bug).not.toContain('    at ');
  });
});
