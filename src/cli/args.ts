import type {Kind, Severity} from '../core/model.js';
import {KINDS, SEVERITIES} from '../core/model.js';

export type Command = 'wizard' | 'demo' | 'check' | 'fix' | 'init' | 'rules' | 'explain' | 'undo' | 'help' | 'version';
export type Format = 'text' | 'json' | 'sarif' | 'junit' | 'gitlab';
export const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'junit', 'gitlab'];

export interface Args {
  command: Command;
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
  unsafe: boolean;
  diff: boolean;
  write: boolean;
  force: boolean;
  rules: string[];
  kind?: Kind;
  color: boolean;
  quiet: boolean;
  /** Named files follow the ignores too, and those of no known kind are passed over (pre-commit). */
  forceExclude: boolean;
}

export class UsageError extends Error {}

const COMMANDS = new Set(['demo', 'check', 'fix', 'init', 'rules', 'explain', 'undo', 'help']);
const INIT_FLAGS: Record<string, 'name' | 'port' | 'with' | 'secrets' | 'repo'> = {'--name': 'name', '--port': 'port', '--with': 'with', '--secrets': 'secrets', '--repo': 'repo'};
const WITH_VALUE = new Set([...Object.keys(INIT_FLAGS), '--out', '-o', '--format', '-f', '--config', '-c', '--baseline', '--write-baseline', '--fail-on', '--rule', '--kind']);

/** Parses argv (without node and the script). Throws UsageError with a one-line message. */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): Args {
  const args: Args = {
    command: 'wizard',
    positionals: [],
    format: 'text',
    unsafe: false,
    diff: false,
    write: false,
    force: false,
    init: {},
    yes: false,
    rules: [],
    color: !('NO_COLOR' in env && env.NO_COLOR !== ''),
    quiet: false,
    forceExclude: false,
  };
  let commandSeen = false;
  let optionsEnded = false;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    // After `--` every argument is a path, even one that starts with a dash.
    if (!optionsEnded && raw === '--') {
      optionsEnded = true;
      continue;
    }
    if (optionsEnded) {
      args.positionals.push(raw);
      continue;
    }
    let flag = raw;
    let value: string | undefined;
    if (raw.startsWith('--') && raw.includes('=')) {
      flag = raw.slice(0, raw.indexOf('='));
      value = raw.slice(raw.indexOf('=') + 1);
    }
    if (WITH_VALUE.has(flag) && value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value`);
    }
    switch (flag) {
      case '--help':
      case '-h':
        args.command = 'help';
        break;
      case '--version':
      case '-V':
        args.command = 'version';
        break;
      case '--format':
      case '-f':
        if (!FORMATS.includes(value as Format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
        args.format = value as Format;
        break;
      case '--out':
      case '-o':
        args.out = value;
        break;
      case '--config':
      case '-c':
        args.config = value;
        break;
      case '--baseline':
        args.baseline = value;
        break;
      case '--write-baseline':
        args.writeBaseline = value;
        break;
      case '--fail-on':
        if (!SEVERITIES.includes(value as Severity)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}`);
        args.failOn = value as Severity;
        break;
      case '--rule':
        args.rules.push(...value!.split(',').map((r) => r.trim().toUpperCase()).filter(Boolean));
        break;
      case '--kind':
        if (!KINDS.includes(value as Kind)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')}`);
        args.kind = value as Kind;
        break;
      case '--unsafe':
        args.unsafe = true;
        break;
      case '--diff':
        args.diff = true;
        break;
      case '--write':
        args.write = true;
        break;
      case '--force':
        args.force = true;
        break;
      case '--name':
      case '--port':
      case '--with':
      case '--secrets':
      case '--repo':
        args.init[INIT_FLAGS[flag]!] = value;
        break;
      case '--yes':
      case '-y':
        args.yes = true;
        break;
      case '--no-color':
        args.color = false;
        break;
      case '--force-exclude':
        args.forceExclude = true;
        break;
      case '--quiet':
      case '-q':
        args.quiet = true;
        break;
      default:
        if (raw.startsWith('-') && raw !== '-') throw new UsageError(`unknown option ${raw} (see shipshape --help)`);
        if (!commandSeen && args.positionals.length === 0 && COMMANDS.has(raw)) {
          if (args.command !== 'help' && args.command !== 'version') args.command = raw as Command;
          commandSeen = true;
        } else {
          args.positionals.push(raw);
        }
    }
  }
  validate(args);
  return args;
}

function validate(args: Args): void {
  if (args.command === 'help' || args.command === 'version') return;
  if (args.format !== 'text' && args.command !== 'check' && !(args.command === 'rules' && args.format === 'json')) {
    throw new UsageError(args.command === 'rules' ? 'rules takes --format text or json' : `--format is for check (and rules)`);
  }
  if ((args.diff || args.write || args.unsafe) && args.command !== 'fix') throw new UsageError('--diff, --write and --unsafe are for fix');
  if (args.diff && args.write) throw new UsageError('use either --diff or --write');
  if ((args.baseline || args.writeBaseline) && args.command !== 'check') throw new UsageError('--baseline and --write-baseline are for check');
  if ((args.out !== undefined || Object.keys(args.init).length > 0 || args.yes) && args.command !== 'init') {
    throw new UsageError('--out, --name, --port, --with, --secrets, --repo and --yes are for init');
  }
  if (args.force && args.command !== 'init' && args.command !== 'undo') throw new UsageError('--force is for init and undo');
  if (args.forceExclude && args.command !== 'check' && args.command !== 'fix') throw new UsageError('--force-exclude is for check and fix');
  if (args.command === 'init' && args.positionals.length > 1) throw new UsageError('init takes one stack: node, python, go, java or static');
  if (args.command === 'explain' && args.positionals.length !== 1) throw new UsageError('explain takes one rule id or name, e.g. shipshape explain D101');
  if (args.command === 'wizard' && args.positionals.length > 1) throw new UsageError('the wizard takes one folder');
  if ((args.command === 'demo' || args.command === 'rules') && args.positionals.length > 0) throw new UsageError(`${args.command} takes no paths`);
  if (args.positionals.includes('-') && !args.kind) throw new UsageError('reading stdin (-) needs --kind dockerfile|compose|kubernetes|ci');
}

export const HELP = `shipshape — harden the container setup of a repository

Usage:
  shipshape [DIR]                       the wizard (interactive terminal); DIR defaults to .
  shipshape demo                        the wizard on a temporary copy of the bundled legacy demo
  shipshape check [PATH...]             report findings; writes nothing
  shipshape fix [PATH...] --diff        show the fixes as unified diffs
  shipshape fix [PATH...] --write       apply the safe fixes (--unsafe: also the unsafe ones)
  shipshape init [STACK] [--out DIR]    a hardened service to start from: node, python, go, java, static
  shipshape rules                       the rule catalog
  shipshape explain RULE                one rule's documentation (id or name)
  shipshape undo [DIR]                  restore the files of the last write

Options:
  -f, --format FORMAT    check: text, json, sarif, junit, gitlab; rules: text, json
  -c, --config FILE      configuration (default: .shipshape.yaml in the folder checked)
      --fail-on LEVEL    check: exit 1 for findings at or above info|low|medium|high|critical (default low)
      --baseline FILE    check: report only findings not recorded in FILE
      --write-baseline FILE  check: record today's findings in FILE
      --rule ID          only this rule (repeatable, or comma-separated)
      --unsafe           fix: include unsafe fixes (run as non-root, read-only root fs, limits, …)
      --kind KIND        the kind of stdin (-) or of an oddly named file: dockerfile|compose|kubernetes|ci
      --force-exclude    named files follow .gitignore and config ignores too, and files that are
                         not container files are passed over quietly (for pre-commit)
  -o, --out DIR          init: the folder to write into (default .)
      --name NAME        init: the service's name (default: the folder's)
      --port PORT        init: the port it listens on (default: the stack's)
      --with PARTS       init: compose,k8s,ci,policy (default: all; none for the Dockerfile only)
      --secrets FROM     init: compose (Compose alone), k8s or vault (with k8s; default k8s)
      --repo OWNER/NAME  init: the GitHub repository that builds and signs the image (default: git remote)
  -y, --yes              init: write without asking (what it does outside a terminal)
      --force            init: overwrite existing files (kept in .shipshape/backup); undo: restore files edited since
      --no-color         no colours (NO_COLOR is honoured too)
  -q, --quiet            less output
  -V, --version          the version
  -h, --help             this help

Exit codes: 0 nothing at or above --fail-on (check) / nothing left to fix (fix);
            1 findings at or above it (check) / fixes left unapplied (fix); 2 usage or internal error.
`;
