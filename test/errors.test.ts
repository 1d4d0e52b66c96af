import { InputError, isInputError } from '../src';
import { describeUnexpected, formatLocation } from '../src/errors';

describe('InputError', () => {
  test('prefixes the message with the location', () => {
    expect(new InputError('bad', { file: 'a.yaml', document: 2, line: 14 }).message).toBe('a.yaml (document 2, line 14): bad');
    expect(new InputError('bad', { file: 'a.yaml' }).message).toBe('a.yaml: bad');
    expect(new InputError('bad').message).toBe('bad');
  });

  test('formatLocation renders what is known', () => {
    expect(formatLocation({ file: '-', line: 3 })).toBe('- (line 3)');
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
