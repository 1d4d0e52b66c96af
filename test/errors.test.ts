import { formatLocation, InputError, isInputError } from '../src';

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
