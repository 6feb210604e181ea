import {describe, expect, it} from 'vitest';
import {commandHelp, HELP, parseArgs, UsageError} from '../../src/cli/args.js';
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

  it('decides colour as Node does for stdout: FORCE_COLOR alone, else a terminal without NO_COLOR or TERM=dumb; --color/--no-color win, the last one', () => {
    const terminal = {TERM: 'xterm-256color'};
    expect(parseArgs(['check'], terminal, true).color).toBe(true);
    expect(parseArgs(['check'], terminal, false).color).toBe(false);
    expect(parseArgs(['check'], {...terminal, FORCE_COLOR: '1'}, false).color).toBe(true);
    expect(parseArgs(['check'], {FORCE_COLOR: ''}, false).color).toBe(true);
    expect(parseArgs(['check'], {...terminal, FORCE_COLOR: '0'}, true).color).toBe(false);
    expect(parseArgs(['check'], {...terminal, FORCE_COLOR: 'false'}, true).color).toBe(false);
    expect(parseArgs(['check'], {TERM: 'dumb'}, true).color).toBe(false);
    expect(parseArgs(['check'], {...terminal, NO_COLOR: '1'}, true).color).toBe(false);
    // Node counts NO_COLOR as set even when empty.
    expect(parseArgs(['check'], {...terminal, NO_COLOR: ''}, true).color).toBe(false);
    expect(parseArgs(['check', '--no-color'], terminal, true).color).toBe(false);
    expect(parseArgs(['check', '--color'], {NO_COLOR: '1'}, false).color).toBe(true);
    expect(parseArgs(['check', '--color', '--no-color'], {}, false).color).toBe(false);
    expect(parseArgs(['check', '--no-color', '--color'], {}, false).color).toBe(true);
  });

  it('has POSIX habits: --, bundled short flags, -fVALUE, and never takes the next option as a value', () => {
    expect(parseArgs(['check', '--', '-odd', '--also'])).toMatchObject({command: 'check', positionals: ['-odd', '--also']});
    expect(parseArgs(['check', '-qf', 'json', 'x'])).toMatchObject({quiet: true, format: 'json', positionals: ['x']});
    expect(parseArgs(['check', '-fjson'])).toMatchObject({format: 'json'});
    expect(parseArgs(['-q', 'check', '--format=sarif'])).toMatchObject({command: 'check', quiet: true, format: 'sarif'});
    expect(() => parseArgs(['check', '--config', '--quiet'])).toThrow(/--config needs a value, not another option/);
    expect(parseArgs(['check', '--config=--odd'])).toMatchObject({config: '--odd', quiet: false});
    expect(() => parseArgs(['check', '-x'])).toThrow(/unknown option -x/);
    // `--` ends the options: a command name after it is a path.
    expect(parseArgs(['--', 'check'])).toMatchObject({command: 'wizard', positionals: ['check']});
  });

  it('gives each command its own help, and refuses an option of another command naming whose it is', () => {
    expect(parseArgs(['check', '--help'])).toMatchObject({command: 'help', helpFor: 'check'});
    expect(parseArgs(['help', 'fix'])).toMatchObject({command: 'help', helpFor: 'fix'});
    expect(parseArgs(['-h']).helpFor).toBeUndefined();
    const check = commandHelp('check');
    expect(check).toMatch(/^Usage: shipshape check \[PATH\.\.\.\]/);
    expect(check).toMatch(/--fail-on LEVEL/);
    expect(check).not.toMatch(/--unsafe|--out/);
    expect(commandHelp('fix')).toMatch(/--unsafe/);
    expect(commandHelp('init')).toMatch(/--out DIR/);
    expect(HELP).toMatch(/shipshape COMMAND --help/);
    expect(() => parseArgs(['init', 'node', '--unsafe'])).toThrow(/--unsafe is for fix and verify, not init/);
    expect(() => parseArgs(['rules', '--config', 'x'])).toThrow(/--config is for check, fix, the wizard, demo and verify, not rules/);
  });

  it('rejects what cannot work with a one-line reason', () => {
    expect(() => parseArgs(['check', '--bogus'])).toThrow(UsageError);
    expect(() => parseArgs(['fix', '--diff', '--write'])).toThrow(/either --diff or --write/);
    expect(() => parseArgs(['check', '--write'])).toThrow(/for fix/);
    expect(() => parseArgs(['explain'])).toThrow(/one rule/);
    expect(() => parseArgs(['check', '--image', 'nginx'])).toThrow(/--image is for explain/);
    expect(parseArgs(['explain', 'C201', '--image', 'grafana/grafana']).image).toBe('grafana/grafana');
    expect(() => parseArgs(['check', '-'])).toThrow(/needs --kind/);
    expect(() => parseArgs(['check', '--stdin-filename', 'a/Dockerfile'])).toThrow(/give - as a path too/);
    expect(parseArgs(['check', '-', '--stdin-filename', 'a/Dockerfile'])).toMatchObject({stdinFilename: 'a/Dockerfile'});
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
