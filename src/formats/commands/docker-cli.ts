/**
 * `docker run` / `docker create` / `podman run` / `podman create` / `docker service create`
 * command lines, read with the same shell reader as Dockerfile RUNs: every option with its words
 * (and so exact source offsets), the image, and the place after the verb where a fix inserts an
 * option. Variables are never resolved: a `$IMAGE` image is unknown, a `--memory $MEM` is set.
 */
import type {Edit} from '../../core/model.js';
import type {Source} from '../../core/source.js';
import {basename, effectiveArgs, parseCommands, type ShellCommand, type ShellWord} from '../dockerfile/shell.js';
import {regionsOf, type Region, type RegionContext} from './regions.js';

export type Verb = 'run' | 'create' | 'service create';

export interface CliOption {
  /** The long name (`--memory`; `-m` is read as `--memory`). */
  name: string;
  /** The value (`512m`), null for a flag; `=false` of a boolean flag is its value. */
  value: string | null;
  /** The words the option takes: one (`--rm`, `--memory=1g`, `-m1g`) or two (`--memory 1g`). */
  words: ShellWord[];
  /** True when the option is a letter of a group (`-it`): it cannot be removed word-wise. */
  grouped: boolean;
  /** True when the value contains a variable or command substitution. */
  dynamic: boolean;
}

export interface ContainerCommand {
  path: string;
  tool: 'docker' | 'podman';
  verb: Verb;
  command: ShellCommand;
  /** The last word of the verb (`run`, `create`): new options go right after it. */
  verbWord: ShellWord;
  /** What goes before a new option: a blank, or a line continuation with the next line's indent when the verb ends its line (`docker run \`). */
  optionSeparator: string;
  options: CliOption[];
  image: ShellWord | null;
  /** The container keeps running: detached, a Swarm service, started by a systemd unit, or with a restart policy. */
  longRunning: boolean;
  context: RegionContext;
  /** Fixes may edit it (not a Markdown example, not an escaped YAML string). */
  editable: boolean;
  /** Offsets of the whole command, for findings. */
  start: number;
  end: number;
}

const SHORT: Record<string, string> = {
  d: '--detach', i: '--interactive', t: '--tty', P: '--publish-all', q: '--quiet',
  e: '--env', v: '--volume', p: '--publish', u: '--user', w: '--workdir', h: '--hostname',
  l: '--label', m: '--memory', c: '--cpu-shares', a: '--attach',
};
const BOOLEAN = new Set([
  '--detach', '--interactive', '--tty', '--rm', '--privileged', '--read-only', '--init', '--publish-all', '--no-healthcheck',
  '--oom-kill-disable', '--sig-proxy', '--disable-content-trust', '--quiet', '--help', '--replace', '--rmi',
  '--read-only-tmpfs', '--http-proxy', '--no-resolve-image', '--with-registry-auth', '--no-hosts', '--env-host',
]);
/** Options of the docker/podman command itself, before the verb, that take a value. */
const GLOBAL_WITH_VALUE = new Set(['-H', '--host', '-c', '--context', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey', '--url', '--connection', '--root', '--runroot', '--storage-driver', '--cgroup-manager', '--runtime', '--identity']);

export function optionNamed(cmd: ContainerCommand, ...names: string[]): CliOption[] {
  return cmd.options.filter((o) => names.includes(o.name));
}

export function hasOption(cmd: ContainerCommand, ...names: string[]): boolean {
  return optionNamed(cmd, ...names).length > 0;
}

function readVerb(argv: ShellWord[]): {tool: 'docker' | 'podman'; verb: Verb; index: number} | null {
  const tool = basename(argv[0]?.value ?? '');
  if (tool !== 'docker' && tool !== 'podman') return null;
  let i = 1;
  while (i < argv.length && argv[i]!.value.startsWith('-')) i += GLOBAL_WITH_VALUE.has(argv[i]!.value) ? 2 : 1;
  const a = argv[i]?.value;
  const b = argv[i + 1]?.value;
  if (a === 'run' || a === 'create') return {tool, verb: a, index: i};
  if (a === 'container' && (b === 'run' || b === 'create')) return {tool, verb: b, index: i + 1};
  if (a === 'service' && b === 'create' && tool === 'docker') return {tool, verb: 'service create', index: i + 1};
  return null;
}

function readOptions(argv: ShellWord[], from: number): {options: CliOption[]; image: ShellWord | null} {
  const options: CliOption[] = [];
  for (let i = from; i < argv.length; i++) {
    const word = argv[i]!;
    const v = word.value;
    if (v === '--') return {options, image: argv[i + 1] ?? null};
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      if (eq !== -1) {
        options.push({name: v.slice(0, eq), value: v.slice(eq + 1), words: [word], grouped: false, dynamic: word.dynamic});
      } else if (BOOLEAN.has(v) || i + 1 >= argv.length) {
        options.push({name: v, value: null, words: [word], grouped: false, dynamic: false});
      } else {
        const value = argv[++i]!;
        options.push({name: v, value: value.value, words: [word, value], grouped: false, dynamic: value.dynamic});
      }
      continue;
    }
    if (v.startsWith('-') && v.length > 1 && !word.dynamic) {
      const letters = v.slice(1);
      for (let k = 0; k < letters.length; k++) {
        const name = SHORT[letters[k]!] ?? `-${letters[k]}`;
        if (BOOLEAN.has(name)) {
          options.push({name, value: null, words: [word], grouped: letters.length > 1, dynamic: false});
          continue;
        }
        const rest = letters.slice(k + 1);
        if (rest) options.push({name, value: rest.replace(/^=/, ''), words: [word], grouped: k > 0, dynamic: false});
        else if (i + 1 < argv.length) {
          const value = argv[++i]!;
          options.push({name, value: value.value, words: [word, value], grouped: k > 0, dynamic: value.dynamic});
        }
        break;
      }
      continue;
    }
    return {options, image: word};
  }
  return {options, image: null};
}

function commandsOfRegion(path: string, text: string, region: Region): ContainerCommand[] {
  const out: ContainerCommand[] = [];
  for (const command of parseCommands(region.mapped)) {
    const argv = effectiveArgs(command);
    const verb = readVerb(argv);
    if (!verb) continue;
    const {options, image} = readOptions(argv, verb.index + 1);
    // Without an image it is no command Docker runs (a doc's half example, `docker run --help`).
    if (!image) continue;
    const detached = options.some((o) => o.name === '--detach' && o.value !== 'false');
    const restart = options.some((o) => o.name === '--restart' || o.name === '--restart-condition');
    const verbWord = argv[verb.index]!;
    const continuation = /[ \t]*\\(\r?\n)([ \t]*)(?=\S)/y;
    continuation.lastIndex = verbWord.end;
    const continued = continuation.exec(text);
    out.push({
      path,
      tool: verb.tool,
      verb: verb.verb,
      command,
      verbWord,
      optionSeparator: continued ? ` \\${continued[1]}${continued[2]}` : ' ',
      options,
      image,
      // `create` is as often a way to copy files out of an image (docker create + docker cp) as a service.
      longRunning: verb.verb === 'service create' || detached || restart || region.context === 'systemd',
      context: region.context,
      editable: region.editable && !argv[verb.index]!.dynamic,
      start: command.start,
      end: command.end,
    });
  }
  return out;
}

const cache = new WeakMap<Source, ContainerCommand[]>();

/** Every container command of a file (scripts, Makefiles, systemd units, Markdown, CI steps). */
export function containerCommands(source: Source): ContainerCommand[] {
  let found = cache.get(source);
  if (!found) {
    found = regionsOf(source).flatMap((r) => commandsOfRegion(source.path, source.text, r));
    cache.set(source, found);
  }
  return found;
}

/**
 * An edit that inserts options right after the verb: on the verb's line (` --cap-drop ALL`), or on
 * a continuation line of their own, indented as the next one, when the verb ends its line.
 */
export function insertOptions(cmd: ContainerCommand, text: string): Edit {
  return {file: cmd.path, start: cmd.verbWord.end, end: cmd.verbWord.end, text: `${cmd.optionSeparator}${text}`};
}

/** An edit that removes an option's words with the blank (or line continuation) before them. */
export function removeOption(cmd: ContainerCommand, option: CliOption): Edit | null {
  if (option.grouped) return null;
  const words = cmd.command.words;
  const first = option.words[0]!;
  const last = option.words.at(-1)!;
  const index = words.indexOf(first);
  const prev = index > 0 ? words[index - 1]! : null;
  return {file: cmd.path, start: prev ? prev.end : first.start, end: last.end, text: ''};
}

/** A short label for messages: `docker run nginx:1.27`. */
export function describe(cmd: ContainerCommand): string {
  return `${cmd.tool} ${cmd.verb}${cmd.image ? ` ${cmd.image.value}` : ''}`;
}
