import {describe, expect, it} from 'vitest';
import {parseArgs, UsageError} from '../../src/cli/args.js';
import {parseConfig, ConfigError, paramFrom} from '../../src/core/config.js';

describe('parseArgs', () => {
  it('parses commands, repeatable rules and flags with = or a separate value', () => {
    const a = parseArgs(['check', '--format=json', '--rule', 'd101', '--rule', 'C201,K301', '--fail-on', 'high', 'a', 'b']);
    expect(a).toMatchObject({command: 'check', format: 'json', rules: ['D101', 'C201', 'K301'], failOn: 'high', positionals: ['a', 'b']});
    expect(parseArgs([]).command).toBe('wizard');
    expect(parseArgs(['some/dir']).positionals).toEqual(['some/dir']);
    expect(parseArgs(['fix', '--write', '--unsafe'])).toMatchObject({write: true, unsafe: true});
    expect(parseArgs(['--version', 'check']).command).toBe('version');
  });

  it('honours NO_COLOR (any non-empty value) and --no-color', () => {
    expect(parseArgs(['check'], {NO_COLOR: '1'}).color).toBe(false);
    expect(parseArgs(['check'], {NO_COLOR: ''}).color).toBe(true);
    expect(parseArgs(['check', '--no-color']).color).toBe(false);
  });

  it('rejects what cannot work with a one-line reason', () => {
    expect(() => parseArgs(['check', '--bogus'])).toThrow(UsageError);
    expect(() => parseArgs(['fix', '--diff', '--write'])).toThrow(/either --diff or --write/);
    expect(() => parseArgs(['check', '--write'])).toThrow(/for fix/);
    expect(() => parseArgs(['explain'])).toThrow(/one rule/);
    expect(() => parseArgs(['check', '-'])).toThrow(/needs --kind/);
    expect(() => parseArgs(['rules', '--format', 'sarif'])).toThrow(/text or json/);
    expect(() => parseArgs(['check', '--format'])).toThrow(/needs a value/);
  });
});

describe('parseConfig', () => {
  it('reads ignore, rules, defaults and failOn', () => {
    const c = parseConfig('ignore: [legacy/**]\nrules: {d113: off, C209: low}\ndefaults: {uid: 2000, writablePaths: [/tmp, /var/cache]}\nfailOn: medium\n');
    expect(c).toEqual({ignore: ['legacy/**'], rules: {D113: 'off', C209: 'low'}, defaults: {uid: '2000', writablePaths: '/tmp,/var/cache'}, failOn: 'medium'});
    expect(paramFrom(c)('uid')).toBe('2000');
    expect(paramFrom(c)('gid')).toBe('10001');
    expect(parseConfig('')).toEqual({ignore: [], rules: {}, defaults: {}, failOn: 'low'});
  });

  it('names the bad key', () => {
    expect(() => parseConfig('colour: red\n')).toThrow(ConfigError);
    expect(() => parseConfig('colour: red\n')).toThrow(/unknown key "colour"/);
    expect(() => parseConfig('defaults: {uidd: 1}\n')).toThrow(/defaults.uidd is not a known parameter/);
    expect(() => parseConfig('failOn: loud\n')).toThrow(/failOn must be one of/);
    expect(() => parseConfig('defaults: {uid: abc}\n')).toThrow(/defaults.uid must be a number above 0 \(got "abc"\)/);
    expect(() => parseConfig('defaults: {user: Root User}\n')).toThrow(/defaults.user must be a lower-case user name/);
    expect(() => parseConfig('a: [\n')).toThrow(/not valid YAML/);
  });
});
