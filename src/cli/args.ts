import {parseArgs as parseArgv} from 'node:util';
import {WriteStream} from 'node:tty';
import type {Kind, Severity} from '../core/model.js';
import {KINDS, SEVERITIES} from '../core/model.js';
import {FORMATS, isFormat, REPORT_FORMATS, type Format} from '../report/registry.js';

export type CommandName = 'wizard' | 'demo' | 'check' | 'fix' | 'init' | 'rules' | 'explain' | 'undo' | 'verify';
export type Command = CommandName | 'help' | 'version';

export interface Args {
  command: Command;
  /** `help`: the command whose help to print (none: the overview). */
  helpFor?: CommandName;
  /** Paths (check/fix/wizard), the rule (explain) or the folder (undo). */
  positionals: string[];
  format: Format;
  config?: string;
  /** init: the folder to write into. */
  out?: string;
  /** init: --name, --port, --with, --secrets, --repo as given (checked by the init command). */
  init: {name?: string; port?: string; with?: string; secrets?: string; repo?: string};
  /** init: write without asking, as when not in a terminal. */
  yes: boolean;
  baseline?: string;
  writeBaseline?: string;
  failOn?: Severity;
  /** check: report only findings at or above this severity. */
  severity?: Severity;
  /** Rules not to run (--ignore-rule, repeatable). */
  ignoreRules: string[];
  /** check: a count per rule instead of the findings. */
  statistics: boolean;
  /** check: the advice after every finding, not once per rule; check and fix: every skipped file (each Helm template, not one line per chart). */
  verbose: boolean;
  unsafe: boolean;
  diff: boolean;
  write: boolean;
  force: boolean;
  rules: string[];
  /** `rules --standard NAME`: the coverage table of one standard (or `all`). */
  standard?: string;
  kind?: Kind;
  /** The path stdin (`-`) is reported under (and, without --kind, classified by). */
  stdinFilename?: string;
  /** explain: the image whose profile facts to show with the rule. */
  image?: string;
  /** Whether output is coloured: --color / --no-color, else as Node decides for stdout. */
  color: boolean;
  quiet: boolean;
  /** Named files follow the ignores too, and those of no known kind are passed over (pre-commit). */
  forceExclude: boolean;
  /** verify: keep the temporary copy; the engine to use; seconds a service may take to come up. */
  keep: boolean;
  engine?: 'docker' | 'podman';
  timeout?: number;
}

export class UsageError extends Error {}

interface CommandSpec {
  usage: string;
  summary: string;
  /** More about it, for `shipshape COMMAND --help`. */
  details?: string;
}

const COMMANDS: Record<CommandName, CommandSpec> = {
  wizard: {usage: 'shipshape [DIR]', summary: 'the wizard (interactive terminal); DIR defaults to .'},
  demo: {usage: 'shipshape demo', summary: 'the wizard on a temporary copy of the bundled legacy demo'},
  check: {
    usage: 'shipshape check [PATH...]',
    summary: 'report findings; writes nothing',
    details: 'A PATH is a folder (walked; .gitignore and the config ignore: apply), a file, or - for stdin.\nExit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or internal error.',
  },
  fix: {
    usage: 'shipshape fix [PATH...] --diff|--write',
    summary: 'show the fixes as unified diffs, or apply them (--write)',
    details:
      'Safe fixes only, unless --unsafe. With - (stdin), --write prints the fixed text to stdout.\nExit codes: 0 nothing left to fix, 1 fixes left unapplied (or shown, not written), 2 usage or internal error.',
  },
  init: {
    usage: 'shipshape init [STACK] [--out DIR]',
    summary: 'a hardened service to start from: node, python, go, java, static',
    details: 'In a terminal it asks what it needs and shows every file first; elsewhere (or with --yes) it writes from the flags. It never overwrites a file without --force.',
  },
  rules: {usage: 'shipshape rules [--standard pss|cis-docker|nsa|cis-k8s|all]', summary: 'the rule catalog, or the controls of a standard it covers'},
  explain: {
    usage: 'shipshape explain RULE [--image IMAGE]',
    summary: "one rule's documentation (id or name)",
    details: 'With --image, also the facts of the image profile the rule reads for IMAGE, how sure the match is and their sources.',
  },
  undo: {usage: 'shipshape undo [DIR]', summary: 'restore the files of the last write (from DIR/.shipshape/backup)'},
  verify: {
    usage: 'shipshape verify [DIR]',
    summary: 'start the Compose stack on a temporary copy with and without the fixes; name any that breaks it',
    details:
      'The fixes are those fix --write would apply with the same --unsafe and --rule. Needs Docker Compose v2 with a running daemon, or podman with podman-compose.\n' +
      'Builds what the stack builds, waits for each service (its healthcheck, else its ports, else that it stays up), removes everything it started, and changes nothing of DIR.\n' +
      'Exit codes: 0 every service that starts without the fixes starts with them, 1 a fix breaks one, 2 usage error or no container engine.',
  },
};

interface OptionSpec {
  name: string;
  short?: string;
  /** The value's placeholder; none for a flag. */
  value?: string;
  multiple?: boolean;
  /** The commands that take it; 'all' for every one. */
  for: readonly CommandName[] | 'all';
  help: string;
  /** Where all a flag does is set a field of Args to true: that field. */
  flag?: FlagField;
  /** Where all an option does is keep its value in a field of Args: that field. */
  field?: 'config' | 'out' | 'baseline' | 'writeBaseline' | 'standard';
}

type FlagField = {[K in keyof Args]-?: Args[K] extends boolean ? K : never}[keyof Args];

const SCANNING: readonly CommandName[] = ['check', 'fix', 'wizard', 'demo'];

const OPTIONS: readonly OptionSpec[] = [
  {name: 'format', short: 'f', value: 'FORMAT', for: ['check', 'rules', 'verify'], help: `${FORMATS.join(', ')} (rules, verify: text, json)`},
  {name: 'standard', value: 'NAME', field: 'standard', for: ['rules'], help: 'the controls of a standard the rules cover, and the ones they do not: pss, cis-docker, nsa, cis-k8s or all'},
  {name: 'config', short: 'c', value: 'FILE', field: 'config', for: [...SCANNING, 'verify'], help: 'configuration (default: .shipshape.yaml in the folder checked)'},
  {name: 'fail-on', value: 'LEVEL', for: ['check'], help: `exit 1 for findings at or above ${SEVERITIES.join('|')} (default low)`},
  {name: 'severity', value: 'LEVEL', for: ['check'], help: `report only findings at or above ${SEVERITIES.join('|')}; those below do not count for --fail-on either`},
  {name: 'statistics', flag: 'statistics', for: ['check'], help: 'a count per rule instead of the findings (text or json)'},
  {name: 'verbose', short: 'v', flag: 'verbose', for: ['check', 'fix'], help: 'the advice after every finding (by default once per rule) and every file not read (each Helm template, not one line per chart)'},
  {name: 'baseline', value: 'FILE', field: 'baseline', for: ['check'], help: 'report only findings not recorded in FILE'},
  {name: 'write-baseline', value: 'FILE', field: 'writeBaseline', for: ['check'], help: "record today's findings in FILE"},
  {name: 'rule', value: 'ID', multiple: true, for: [...SCANNING, 'verify'], help: 'only this rule (repeatable, or comma-separated)'},
  {name: 'ignore-rule', value: 'ID', multiple: true, for: [...SCANNING, 'verify'], help: 'not this rule (repeatable, or comma-separated)'},
  {name: 'diff', flag: 'diff', for: ['fix'], help: 'print the fixes as unified diffs; write nothing (the default)'},
  {name: 'write', flag: 'write', for: ['fix'], help: 'apply the fixes (originals kept for shipshape undo)'},
  {name: 'unsafe', flag: 'unsafe', for: ['fix', 'verify'], help: 'include unsafe fixes (run as non-root, read-only root fs, limits, …)'},
  {name: 'kind', value: 'KIND', for: ['check', 'fix'], help: `the kind of stdin (-) or of an oddly named file: ${KINDS.join('|')}`},
  {name: 'stdin-filename', value: 'NAME', for: ['check', 'fix'], help: 'report stdin (-) as NAME (its kind then follows from the name, unless --kind)'},
  {name: 'force-exclude', flag: 'forceExclude', for: ['check', 'fix'], help: 'named files follow the ignores too, others pass quietly; the folder is context (pre-commit)'},
  {name: 'image', value: 'IMAGE', for: ['explain'], help: 'also the image profile facts the rule reads for IMAGE (grafana/grafana)'},
  {name: 'out', short: 'o', value: 'DIR', field: 'out', for: ['init'], help: 'the folder to write into (default .)'},
  {name: 'name', value: 'NAME', for: ['init'], help: "the service's name (default: the folder's)"},
  {name: 'port', value: 'PORT', for: ['init'], help: "the port it listens on (default: the stack's)"},
  {name: 'with', value: 'PARTS', for: ['init'], help: 'compose,k8s,ci,policy (default: all; none for the Dockerfile only)'},
  {name: 'secrets', value: 'FROM', for: ['init'], help: 'compose (Compose alone), k8s or vault (with k8s; default k8s)'},
  {name: 'repo', value: 'OWNER/NAME', for: ['init'], help: 'the GitHub repository that builds and signs the image (default: git remote)'},
  {name: 'yes', short: 'y', flag: 'yes', for: ['init'], help: 'write without asking (what it does outside a terminal)'},
  {name: 'force', flag: 'force', for: ['init', 'undo'], help: 'init: overwrite existing files (kept in .shipshape/backup); undo: restore files edited since'},
  {name: 'keep', flag: 'keep', for: ['verify'], help: 'leave the temporary copy (with the fixes) for inspection'},
  {name: 'engine', value: 'ENGINE', for: ['verify'], help: 'docker or podman (default: Docker Compose v2 when its daemon answers, else podman)'},
  {name: 'timeout', value: 'SECONDS', for: ['verify'], help: 'how long a service may take to come up (default 60)'},
  {name: 'color', for: 'all', help: 'colours even when stdout is not a terminal'},
  {name: 'no-color', for: 'all', help: 'no colours (NO_COLOR, FORCE_COLOR=0 and TERM=dumb are honoured too)'},
  {name: 'quiet', short: 'q', flag: 'quiet', for: 'all', help: 'less output (check: only the finding lines, path:line:col first)'},
  {name: 'version', short: 'V', for: 'all', help: 'the version'},
  {name: 'help', short: 'h', for: 'all', help: 'this help (after a command: that command’s)'},
];

const PARSE_OPTIONS = Object.fromEntries(
  OPTIONS.map((o) => [o.name, {type: o.value ? ('string' as const) : ('boolean' as const), ...(o.short ? {short: o.short} : {}), ...(o.multiple ? {multiple: true} : {})}]),
);

const isCommand = (name: string): name is CommandName => Object.hasOwn(COMMANDS, name) && name !== 'wizard';

/**
 * Whether to colour what goes to stdout, as Node decides for its own output (util.styleText):
 * FORCE_COLOR set decides alone (0 or false: no), else a terminal whose colour depth is above
 * two colours (none with NO_COLOR, NODE_DISABLE_COLORS or TERM=dumb).
 */
export function decideColor(env: NodeJS.ProcessEnv, stdoutIsTTY: boolean): boolean {
  const depth = WriteStream.prototype.getColorDepth.call(undefined as unknown as WriteStream, env);
  if (env.FORCE_COLOR !== undefined) return depth > 2;
  return stdoutIsTTY && depth > 2;
}

/** node:util's parse errors, as one line in our words. */
function usageError(error: unknown): UsageError {
  const {code, message} = error as {code?: string; message: string};
  const option = /Option '(?:-\w, )?(--?[\w-]+)/.exec(message)?.[1] ?? /Unknown option '([^']+)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`unknown option ${option} (see shipshape --help; a path starting with - goes after --)`);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/ambiguous/.test(message)) return new UsageError(`${option} needs a value, not another option (write ${option}=VALUE for a value that starts with -)`);
    if (/missing/.test(message)) return new UsageError(`${option} needs a value`);
    return new UsageError(`${option}: ${message.split('\n')[0]}`);
  }
  return new UsageError(message.split('\n')[0]!);
}

/**
 * Parses argv (without node and the script) with POSIX habits: bundled short flags (`-qf json`,
 * `-fjson`), `--opt=value`, `--` before paths that start with a dash, a value never taken from
 * the next option. Throws UsageError with a one-line message.
 */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}, stdoutIsTTY = false): Args {
  let tokens;
  try {
    ({tokens} = parseArgv({args: [...argv], options: PARSE_OPTIONS, strict: true, allowPositionals: true, tokens: true}));
  } catch (error) {
    throw usageError(error);
  }
  const args: Args = {command: 'wizard', positionals: [], format: 'text', unsafe: false, diff: false, write: false, force: false, init: {}, yes: false, rules: [], ignoreRules: [], statistics: false, verbose: false, color: decideColor(env, stdoutIsTTY), quiet: false, forceExclude: false, keep: false};
  let help = false;
  let version = false;
  let terminated = false;
  let commandSeen = false;
  const given: OptionSpec[] = [];
  for (const token of tokens) {
    if (token.kind === 'option-terminator') {
      terminated = true;
      continue;
    }
    if (token.kind === 'positional') {
      if (!terminated && !commandSeen && args.positionals.length === 0 && (isCommand(token.value) || token.value === 'help')) {
        commandSeen = true;
        if (token.value === 'help') help = true;
        else args.command = token.value;
      } else args.positionals.push(token.value);
      continue;
    }
    const spec = OPTIONS.find((o) => o.name === token.name)!;
    given.push(spec);
    const value = token.value ?? '';
    if (spec.flag) args[spec.flag] = true;
    else if (spec.field) args[spec.field] = value;
    switch (token.name) {
      case 'help':
        help = true;
        break;
      case 'version':
        version = true;
        break;
      case 'format':
        if (!isFormat(value)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
        args.format = value;
        break;
      case 'fail-on':
      case 'severity': {
        const level = value.toLowerCase() as Severity;
        if (!SEVERITIES.includes(level)) throw new UsageError(`--${token.name} must be one of ${SEVERITIES.join(', ')}`);
        if (token.name === 'severity') args.severity = level;
        else args.failOn = level;
        break;
      }
      case 'kind':
        if (!KINDS.includes(value as Kind)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')}`);
        args.kind = value as Kind;
        break;
      case 'rule':
      case 'ignore-rule':
        (token.name === 'rule' ? args.rules : args.ignoreRules).push(...value.split(',').map((r) => r.trim().toUpperCase()).filter(Boolean));
        break;
      case 'image':
        if (!value) throw new UsageError('--image needs an image reference');
        args.image = value;
        break;
      case 'stdin-filename':
        if (!value) throw new UsageError('--stdin-filename needs a name');
        args.stdinFilename = value;
        break;
      case 'name':
      case 'port':
      case 'with':
      case 'secrets':
      case 'repo':
        args.init[token.name] = value;
        break;
      case 'engine':
        if (value !== 'docker' && value !== 'podman') throw new UsageError('--engine must be docker or podman');
        args.engine = value;
        break;
      case 'timeout':
        if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError('--timeout must be a number of seconds');
        args.timeout = Number(value);
        break;
      case 'color':
      case 'no-color':
        // The last of --color / --no-color wins, as with other flags that undo each other.
        args.color = token.name === 'color';
        break;
    }
  }
  if (version) return {...args, command: 'version'};
  if (help) {
    // `shipshape check --help`, `shipshape help check`, `shipshape --help`.
    const about = args.command !== 'wizard' ? (args.command as CommandName) : args.positionals.find(isCommand);
    return {...args, command: 'help', ...(about ? {helpFor: about} : {})};
  }
  validate(args, given);
  return args;
}

function validate(args: Args, given: readonly OptionSpec[]): void {
  const command = args.command as CommandName;
  for (const option of given) {
    if (option.for !== 'all' && !option.for.includes(command)) {
      const takers = option.for.map((c) => (c === 'wizard' ? 'the wizard' : c));
      throw new UsageError(`--${option.name} is for ${takers.join(', ').replace(/, ([^,]*)$/, ' and $1')}, not ${command === 'wizard' ? 'the wizard' : command} (see shipshape ${command === 'wizard' ? '' : `${command} `}--help)`);
    }
  }
  if ((command === 'rules' || command === 'verify') && args.format !== 'text' && args.format !== 'json') throw new UsageError(`${command} takes --format text or json`);
  if (command === 'verify' && args.positionals.length > 1) throw new UsageError('verify takes one folder');
  if (args.diff && args.write) throw new UsageError('use either --diff or --write');
  if (args.statistics && args.format !== 'text' && args.format !== 'json') throw new UsageError('--statistics prints text or json');
  if (command === 'init' && args.positionals.length > 1) throw new UsageError('init takes one stack: node, python, go, java or static');
  if (command === 'explain' && args.positionals.length !== 1) throw new UsageError('explain takes one rule id or name, e.g. shipshape explain D101');
  if (command === 'wizard' && args.positionals.length > 1) throw new UsageError('the wizard takes one folder');
  if ((command === 'demo' || command === 'rules') && args.positionals.length > 0) throw new UsageError(`${command} takes no paths`);
  if (args.positionals.includes('-') && !args.kind && !args.stdinFilename) throw new UsageError('reading stdin (-) needs --kind dockerfile|compose|kubernetes|ci or --stdin-filename NAME');
  if (args.stdinFilename && !args.positionals.includes('-')) throw new UsageError('--stdin-filename names stdin: give - as a path too');
}

/** The options as help lines; `scoped` names the commands each is for (the overview). */
function optionLines(options: readonly OptionSpec[], scoped = false): string {
  const left = options.map((o) => `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` ${o.value}` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  const scope = (o: OptionSpec) => (scoped && o.for !== 'all' ? `${o.for.filter((c) => c !== 'demo').join('/')}: ` : '');
  return options.map((o, i) => `  ${left[i]!.padEnd(width)}${scope(o)}${o.help}`).join('\n');
}

function usageLines(): string {
  const specs = Object.values(COMMANDS);
  const width = Math.max(...specs.map((c) => c.usage.length)) + 2;
  return specs.map((c) => `  ${c.usage.padEnd(width)}${c.summary}`).join('\n');
}

/** The formats of `check --format`, from the reporter registry. */
function formatLines(): string {
  const width = Math.max(...REPORT_FORMATS.map((f) => f.name.length)) + 2;
  return REPORT_FORMATS.map((f) => `  ${f.name.padEnd(width)}${f.summary}`).join('\n');
}

const EXIT_CODES = `Exit codes: 0 nothing at or above --fail-on (check) / nothing left to fix (fix) / every service that
              started before the fixes starts with them (verify);
            1 findings at or above it (check) / fixes left unapplied (fix) / a fix breaks a service (verify);
            2 usage or internal error, or no container engine (verify).`;

/** The overview (`shipshape --help`). */
export const HELP = `shipshape — harden the container setup of a repository

Usage:
${usageLines()}

Options:
${optionLines(OPTIONS, true)}

Formats (check --format):
${formatLines()}

\`shipshape COMMAND --help\` shows a command's own options.

${EXIT_CODES}
`;

/** One command's help (`shipshape check --help`): what it does and the options it takes. */
export function commandHelp(command: CommandName): string {
  const spec = COMMANDS[command];
  const own = OPTIONS.filter((o) => o.for !== 'all' && o.for.includes(command));
  const common = OPTIONS.filter((o) => o.for === 'all');
  return `Usage: ${spec.usage}

${spec.summary[0]!.toUpperCase()}${spec.summary.slice(1)}.${spec.details ? `\n${spec.details}` : ''}
${own.length ? `\nOptions:\n${optionLines(own)}\n` : ''}${command === 'check' ? `\nFormats:\n${formatLines()}\n` : ''}
Common options:
${optionLines(common)}
`;
}
