/**
 * A shell-command reader for RUN instructions (and shell-form CMD/ENTRYPOINT), precise enough for
 * rules that add a flag to one command or append a clean-up step to a RUN.
 *
 * It reads a RUN the way BuildKit and a POSIX shell do:
 * - Dockerfile line continuations (the file's escape character before a line break, trailing
 *   blanks allowed) are removed, and comment or empty lines inside a continued instruction are
 *   skipped, as BuildKit does;
 * - `RUN [--flag=…]… <script>`: `--mount=type=cache,target=…`, `--network`, … are read as flags;
 * - the script is split into simple commands at `&&`, `||`, `;`, `|`, `|&`, `&`, `(`, `)` and
 *   line breaks; quotes ('…', "…"), `\` escapes, `$VAR`/`${…}`/`$(…)`/backticks stay inside a word;
 *   `# comments`, redirections (`> file`, `2>&1`, `<<EOF` with its body) are not arguments;
 * - `NAME=value` prefixes are assignments (`DEBIAN_FRONTEND=noninteractive apt-get …`);
 * - `sh -c "…"` / `bash -ec '…'` bodies are read as scripts too (depth 1);
 * - `RUN <<EOF` heredocs whose body is a shell script (`RUN <<EOF`, `RUN bash <<EOF`, no `#!` other
 *   than a shell) are read line by line; a heredoc that is data for another program is not.
 *
 * Every word keeps the exact source offsets of its first and last character, so a fix can insert
 * `--no-install-recommends` right after the `install` of the apt-get command it belongs to, even
 * inside a quoted `sh -c` body or across continuation lines.
 *
 * Exec-form (JSON) arguments of any instruction are read here too (`execFormArgs`), the way
 * BuildKit reads them: after the flags, continuations removed, a JSON array of strings or else
 * shell form.
 */
import type {Instruction} from 'dockerfile-ast';
import type {Edit} from '../../core/model.js';
import type {DockerfileSource} from '../../core/source.js';

export interface ShellWord {
  /** The word as written (quotes included), in the logical (continuation-free) text. */
  raw: string;
  /** The word with quotes removed and escapes resolved; expansions are kept as written (`$HOME`). */
  value: string;
  /** Source offsets: first character, and just after the last one. */
  start: number;
  end: number;
  /** Contains `$…` or a command substitution: its value is only known at run time. */
  dynamic: boolean;
  /** Had quotes or backslash escapes. */
  quoted: boolean;
  /** Source offset of each character of `value` (for reading a quoted `sh -c` body). */
  valueOffsets: number[];
}

export type ShellOperator = '&&' | '||' | ';' | ';;' | '|' | '|&' | '&' | '(' | ')' | '\n';

export interface ShellCommand {
  /** The arguments: assignments, keywords (`then`, `do`, `!`) and redirections removed. */
  words: ShellWord[];
  /** Leading `NAME=value` words. */
  assignments: ShellWord[];
  /** Redirection operators and their targets (`>`, `/dev/null`, `2>&1`). */
  redirects: ShellWord[];
  /** Source offsets of the first and just after the last token of the command. */
  start: number;
  end: number;
  /** The operators around the command (null at the start/end of its script). */
  before: ShellOperator | null;
  after: ShellOperator | null;
  /** Commands of the same pipeline (`a | b`) share this number. */
  pipeline: number;
  /** 0 for the RUN's own script, 1 inside a `sh -c` body, … */
  depth: number;
}

export interface RunFlag {
  name: string;
  value: string;
  start: number;
  end: number;
}

export interface RunMount {
  type: string;
  target: string;
  options: Map<string, string>;
}

export interface RunScript {
  instruction: Instruction;
  /** Offsets of the instruction (keyword to the end of its last line / heredoc terminator). */
  start: number;
  end: number;
  /** Offset just after the keyword. */
  keywordEnd: number;
  flags: RunFlag[];
  mounts: RunMount[];
  form: 'shell' | 'exec' | 'heredoc';
  /** Every command, in order of appearance; nested `sh -c` commands follow their parent. */
  commands: ShellCommand[];
  /** The commands of the RUN's own script (depth 0). */
  top: ShellCommand[];
  /** Source offset where the script starts (after the flags) and ends (end of the last token). */
  scriptStart: number;
  scriptEnd: number;
  /** For heredoc scripts: the body (content lines) and the offset of the terminator line. */
  heredoc: {bodyStart: number; bodyEnd: number; terminatorStart: number; shebang: string | null} | null;
  /** The script's text as the shell sees it (continuations removed), for simple searches. */
  text: string;
}

interface Token {
  kind: 'word' | 'op' | 'redir';
  word?: ShellWord;
  op?: ShellOperator;
  /** Redirection operator text (`>`, `2>&1`, `<<EOF`). */
  redir?: string;
  /** Logical start/end indexes. */
  s: number;
  e: number;
}

/** Logical text with a map back to source offsets (`map[i]` is the source offset of `text[i]`). */
export interface MappedText {
  text: string;
  map: number[];
  /** Source offset just after the last character. */
  endOffset: number;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'busybox']);
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time']);
const ENDERS = new Set(['fi', 'done', 'esac', '}']);
const REDIRECT = /^(\d*)(<<<|<<-|<<|<>|>>|>&|<&|>\||&>>|&>|<|>)/;

/**
 * Removes Dockerfile line continuations from [start, end) of the source: the escape character,
 * trailing blanks and the line break go; following empty or comment-only lines are skipped.
 */
export function joinContinuations(source: string, start: number, end: number, escape: string): MappedText {
  let text = '';
  const map: number[] = [];
  let i = start;
  while (i < end) {
    const c = source[i]!;
    if (c === escape) {
      let j = i + 1;
      while (j < end && (source[j] === ' ' || source[j] === '\t')) j++;
      if (j < end && (source[j] === '\n' || (source[j] === '\r' && source[j + 1] === '\n'))) {
        j += source[j] === '\r' ? 2 : 1;
        // Skip empty and comment lines that follow a continuation (BuildKit drops them).
        for (;;) {
          let k = j;
          while (k < end && (source[k] === ' ' || source[k] === '\t')) k++;
          if (k < end && source[k] === '#') {
            while (k < end && source[k] !== '\n') k++;
            j = k < end ? k + 1 : k;
            continue;
          }
          if (k < end && (source[k] === '\n' || (source[k] === '\r' && source[k + 1] === '\n'))) {
            j = k + (source[k] === '\r' ? 2 : 1);
            continue;
          }
          break;
        }
        i = j;
        continue;
      }
      if (j >= end) {
        i = j;
        continue;
      }
    }
    if (c === '\r' && source[i + 1] === '\n') {
      i++;
      continue;
    }
    text += c;
    map.push(i);
    i++;
  }
  return {text, map, endOffset: end};
}

/** Identity mapping of a source range (heredoc bodies: the shell handles its own continuations). */
export function plainText(source: string, start: number, end: number): MappedText {
  let text = '';
  const map: number[] = [];
  for (let i = start; i < end; i++) {
    if (source[i] === '\r' && source[i + 1] === '\n') continue;
    text += source[i];
    map.push(i);
  }
  return {text, map, endOffset: end};
}

function srcOf(m: MappedText, index: number): number {
  return index < m.map.length ? m.map[index]! : m.endOffset;
}

/** Reads the end of a `$(…)`, `${…}` or backtick expansion starting at `i`; returns the index after it. */
function skipExpansion(t: string, i: number): number {
  if (t[i] === '`') {
    let j = i + 1;
    while (j < t.length && t[j] !== '`') j += t[j] === '\\' ? 2 : 1;
    return Math.min(j + 1, t.length);
  }
  // t[i] === '$'
  const open = t[i + 1];
  if (open === '(' || open === '{') {
    const close = open === '(' ? ')' : '}';
    let depth = 0;
    let j = i + 1;
    while (j < t.length) {
      const c = t[j]!;
      if (c === '\\') {
        j += 2;
        continue;
      }
      if (c === "'" && open === '(') {
        const k = t.indexOf("'", j + 1);
        j = k === -1 ? t.length : k + 1;
        continue;
      }
      if (c === '"') {
        j++;
        while (j < t.length && t[j] !== '"') j += t[j] === '\\' ? 2 : 1;
        j++;
        continue;
      }
      if (c === open) depth++;
      else if (c === close) {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return t.length;
  }
  let j = i + 1;
  if (j < t.length && /[@*#?$!0-9-]/.test(t[j]!)) return j + 1;
  while (j < t.length && /[A-Za-z0-9_]/.test(t[j]!)) j++;
  return j;
}

/** Splits a logical shell text into words, operators and redirections. */
export function tokenize(m: MappedText): Token[] {
  const t = m.text;
  const tokens: Token[] = [];
  const pendingHeredocs: Array<{delim: string; strip: boolean}> = [];
  let i = 0;
  while (i < t.length) {
    const c = t[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && t[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\n') {
      tokens.push({kind: 'op', op: '\n', s: i, e: i + 1});
      i++;
      // Skip the bodies of heredocs opened on this line.
      while (pendingHeredocs.length > 0) {
        const {delim, strip} = pendingHeredocs.shift()!;
        for (;;) {
          if (i >= t.length) break;
          let nl = t.indexOf('\n', i);
          if (nl === -1) nl = t.length;
          let line = t.slice(i, nl);
          if (strip) line = line.replace(/^\t+/, '');
          i = Math.min(nl + 1, t.length);
          if (line.trimEnd() === delim) break;
        }
      }
      continue;
    }
    if (c === '#') {
      while (i < t.length && t[i] !== '\n') i++;
      continue;
    }
    const two = t.slice(i, i + 2);
    if (two === '&&' || two === '||' || two === ';;' || two === '|&') {
      tokens.push({kind: 'op', op: two, s: i, e: i + 2});
      i += 2;
      continue;
    }
    const redir = REDIRECT.exec(t.slice(i, i + 8));
    if (redir && (redir[1] === '' || /^\d+$/.test(redir[1]!))) {
      let j = i + redir[0].length;
      let text = redir[0];
      if (redir[2] === '<<' || redir[2] === '<<-') {
        while (j < t.length && (t[j] === ' ' || t[j] === '\t')) j++;
        const w = readWord(m, j);
        if (w) {
          pendingHeredocs.push({delim: w.word.value, strip: redir[2] === '<<-'});
          text += w.word.raw;
          j = w.next;
        }
      } else if (redir[2] === '>&' || redir[2] === '<&') {
        const fd = /^(\d+|-)/.exec(t.slice(j));
        if (fd) {
          text += fd[0];
          j += fd[0].length;
        }
      }
      const opWord: ShellWord = {raw: text, value: text, start: srcOf(m, i), end: srcOf(m, j - 1) + 1, dynamic: false, quoted: false, valueOffsets: []};
      tokens.push({kind: 'redir', redir: text, word: opWord, s: i, e: j});
      i = j;
      continue;
    }
    if (c === ';' || c === '|' || c === '&' || c === '(' || c === ')') {
      tokens.push({kind: 'op', op: c, s: i, e: i + 1});
      i++;
      continue;
    }
    const w = readWord(m, i);
    if (!w) {
      i++;
      continue;
    }
    tokens.push({kind: 'word', word: w.word, s: i, e: w.next});
    i = w.next;
  }
  return tokens;
}

function readWord(m: MappedText, start: number): {word: ShellWord; next: number} | null {
  const t = m.text;
  let i = start;
  let value = '';
  const valueOffsets: number[] = [];
  let dynamic = false;
  let quoted = false;
  const push = (ch: string, at: number) => {
    value += ch;
    valueOffsets.push(srcOf(m, at));
  };
  /** Keeps a `$…`, `${…}`, `$(…)` or backtick expansion at `at` as written; the index after it. */
  const expansion = (at: number): number => {
    const k = t[at] === '$' && !/[A-Za-z_{(@*#?$!0-9-]/.test(t[at + 1] ?? '') ? at + 1 : skipExpansion(t, at);
    if (k > at + 1) dynamic = true;
    for (let x = at; x < k && x < t.length; x++) push(t[x]!, x);
    return k;
  };
  /** A character read alike in double quotes and outside them: an expansion, or itself; the index after it. */
  const expandable = (at: number): number => {
    if (t[at] === '$' || t[at] === '`') return expansion(at);
    push(t[at]!, at);
    return at + 1;
  };
  while (i < t.length) {
    const c = t[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '<' || c === '>') break;
    if (c === '\\') {
      if (t[i + 1] === '\n') {
        i += 2;
        continue;
      }
      quoted = true;
      if (i + 1 < t.length) push(t[i + 1]!, i + 1);
      i += 2;
      continue;
    }
    if (c === "'") {
      quoted = true;
      let j = i + 1;
      while (j < t.length && t[j] !== "'") {
        push(t[j]!, j);
        j++;
      }
      i = j + 1;
      continue;
    }
    if (c === '"') {
      quoted = true;
      let j = i + 1;
      while (j < t.length && t[j] !== '"') {
        if (t[j] === '\\' && j + 1 < t.length && '$`"\\\n'.includes(t[j + 1]!)) {
          if (t[j + 1] !== '\n') push(t[j + 1]!, j + 1);
          j += 2;
          continue;
        }
        j = expandable(j);
      }
      i = j + 1;
      continue;
    }
    i = expandable(i);
  }
  if (i === start) return null;
  const end = Math.min(i, t.length);
  const word: ShellWord = {
    raw: t.slice(start, end),
    value,
    start: srcOf(m, start),
    end: srcOf(m, end - 1) + 1,
    dynamic,
    quoted,
    valueOffsets,
  };
  return {word, next: end};
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;

/** Splits tokens into simple commands; nested `sh -c` bodies are parsed too (depth + 1). */
export function parseCommands(m: MappedText, depth = 0, pipelineBase = {next: 0}): ShellCommand[] {
  const tokens = tokenize(m);
  const out: ShellCommand[] = [];
  let current: Token[] = [];
  let before: ShellOperator | null = null;
  let pipeline = pipelineBase.next++;
  const flush = (after: ShellOperator | null) => {
    const cmd = buildCommand(current, before, after, pipeline, depth);
    if (cmd) {
      out.push(cmd);
      out.push(...nestedCommands(cmd, depth, pipelineBase));
    }
    current = [];
  };
  for (const token of tokens) {
    if (token.kind === 'op') {
      const op = token.op!;
      if (current.length > 0) flush(op);
      else if (out.length > 0 && out.at(-1)!.after === null) out.at(-1)!.after = op;
      before = op;
      if (op !== '|' && op !== '|&') pipeline = pipelineBase.next++;
      continue;
    }
    current.push(token);
  }
  if (current.length > 0) flush(null);
  return out;
}

function buildCommand(tokens: Token[], before: ShellOperator | null, after: ShellOperator | null, pipeline: number, depth: number): ShellCommand | null {
  const words: ShellWord[] = [];
  const assignments: ShellWord[] = [];
  const redirects: ShellWord[] = [];
  let start = Number.POSITIVE_INFINITY;
  let end = -1;
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    if (token.kind === 'redir') {
      const isHeredoc = token.redir!.includes('<<') && !token.redir!.includes('<<<');
      redirects.push(token.word!);
      start = Math.min(start, token.word!.start);
      end = Math.max(end, token.word!.end);
      const next = tokens[k + 1];
      const takesTarget = !isHeredoc && !/[<>]&(\d+|-)$/.test(token.redir!);
      if (takesTarget && next && next.kind === 'word') {
        redirects.push(next.word!);
        end = Math.max(end, next.word!.end);
        start = Math.min(start, next.word!.start);
        k++;
      }
      continue;
    }
    const word = token.word!;
    start = Math.min(start, word.start);
    end = Math.max(end, word.end);
    if (words.length === 0 && ASSIGNMENT.test(word.raw)) {
      assignments.push(word);
      continue;
    }
    if (words.length === 0 && (KEYWORDS.has(word.raw) || ENDERS.has(word.raw))) continue;
    words.push(word);
  }
  if (words.length === 0 && assignments.length === 0) return null;
  return {words, assignments, redirects, start, end, before, after, pipeline, depth};
}

function nestedCommands(cmd: ShellCommand, depth: number, pipelineBase: {next: number}): ShellCommand[] {
  const script = shellScriptArg(cmd);
  if (!script) return [];
  const m: MappedText = {text: script.value, map: script.valueOffsets, endOffset: script.end};
  return parseCommands(m, depth + 1, pipelineBase);
}

/** For `sh -c 'script'` (also `bash -ec`, `/bin/sh -c`, through sudo/env), the script word. */
export function shellScriptArg(cmd: ShellCommand): ShellWord | null {
  const argv = effectiveArgs(cmd);
  if (argv.length < 2 || !SHELLS.has(basename(argv[0]!.value))) return null;
  for (let i = 1; i < argv.length; i++) {
    const v = argv[i]!.value;
    if (v === '-o' || v === '+o') {
      i++;
      continue;
    }
    if (/^-[A-Za-z]*c[A-Za-z]*$/.test(v)) return argv[i + 1] ?? null;
    if (!v.startsWith('-') && !v.startsWith('+')) return null;
  }
  return null;
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * The arguments of the program a command really runs: `sudo -E apt-get …`, `env A=1 apt-get …`,
 * `exec …`, `command …`, `nohup …`, `nice -n 5 …` give `apt-get …`.
 */
export function effectiveArgs(cmd: ShellCommand): ShellWord[] {
  let argv = cmd.words;
  for (let guard = 0; guard < 5 && argv.length > 0; guard++) {
    const name = basename(argv[0]!.value);
    if (name === 'sudo') {
      let i = 1;
      while (i < argv.length && argv[i]!.value.startsWith('-')) {
        if (/^-[ugCDhprTU]$/.test(argv[i]!.value)) i++;
        i++;
      }
      argv = argv.slice(i);
    } else if (name === 'env') {
      let i = 1;
      while (i < argv.length && (argv[i]!.value.startsWith('-') || ASSIGNMENT.test(argv[i]!.value))) i++;
      argv = argv.slice(i);
    } else if (name === 'exec' || name === 'command' || name === 'nohup' || name === 'time') {
      let i = 1;
      while (i < argv.length && argv[i]!.value.startsWith('-')) i++;
      argv = argv.slice(i);
    } else if (name === 'nice') {
      let i = 1;
      while (i < argv.length && argv[i]!.value.startsWith('-')) i += argv[i]!.value === '-n' ? 2 : 1;
      argv = argv.slice(i);
    } else {
      break;
    }
  }
  return argv;
}

/** The program name of a command (basename, wrappers removed): `apt-get`, `pip3`, `sh`. */
export function programOf(cmd: ShellCommand): string {
  const argv = effectiveArgs(cmd);
  return argv.length > 0 ? basename(argv[0]!.value) : '';
}

/** The first argument that is not an option (`install` of `apt-get -y install x`), with its index. */
export function subcommandOf(cmd: ShellCommand, optionsWithValue: readonly string[] = []): {word: ShellWord; index: number} | null {
  const argv = effectiveArgs(cmd);
  for (let i = 1; i < argv.length; i++) {
    const v = argv[i]!.value;
    if (v.startsWith('-')) {
      if (optionsWithValue.includes(v)) i++;
      continue;
    }
    return {word: argv[i]!, index: i};
  }
  return null;
}

/** True when the command has the option (`--no-cache`, or a short one inside a group like `-qy`). */
export function hasOption(cmd: ShellCommand, long: string, short?: string): boolean {
  return effectiveArgs(cmd).some((w) => {
    const v = w.value;
    if (v === long || v.startsWith(`${long}=`)) return true;
    if (short && /^-[A-Za-z]+$/.test(v) && v.includes(short)) return true;
    return false;
  });
}

/** Parses RUN flags (`--mount=type=cache,target=/root/.cache`) from the start of the arguments. */
function readFlags(m: MappedText): {flags: RunFlag[]; next: number} {
  const flags: RunFlag[] = [];
  let i = 0;
  const t = m.text;
  for (;;) {
    while (i < t.length && (t[i] === ' ' || t[i] === '\t')) i++;
    if (!t.startsWith('--', i)) break;
    const w = readWord(m, i);
    if (!w) break;
    const eq = w.word.value.indexOf('=');
    flags.push({
      name: eq === -1 ? w.word.value.slice(2) : w.word.value.slice(2, eq),
      value: eq === -1 ? '' : w.word.value.slice(eq + 1),
      start: w.word.start,
      end: w.word.end,
    });
    i = w.next;
  }
  return {flags, next: i};
}

export function parseMount(value: string): RunMount {
  const options = new Map<string, string>();
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    const key = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase();
    options.set(key, eq === -1 ? 'true' : part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1'));
  }
  const target = options.get('target') ?? options.get('dst') ?? options.get('destination') ?? '';
  return {type: options.get('type') ?? 'bind', target, options};
}

const HEREDOC_HEAD = /^<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2$/;

const cache = new WeakMap<Instruction, RunScript>();
const textCache = new WeakMap<Instruction, RunScript>();

/** Reads a RUN instruction of a Dockerfile source (offsets are offsets of the source text). */
export function parseRun(source: DockerfileSource, run: Instruction): RunScript {
  const cached = cache.get(run);
  if (cached) return cached;
  const range = run.getRange();
  const kw = run.getInstructionRange();
  const start = source.lines.offset(range.start.line, range.start.character);
  const end = source.lines.offset(range.end.line, range.end.character);
  const keywordEnd = source.lines.offset(kw.end.line, kw.end.character);
  const result = readRun(source.text, run, start, keywordEnd, end, source.dockerfile.escape);
  cache.set(run, result);
  return result;
}

/**
 * Reads a RUN instruction from its own text, for readers that have the parsed Dockerfile but not
 * its source (offsets are relative to the instruction's first character).
 */
export function parseRunText(run: Instruction, escape: string): RunScript {
  const cached = textCache.get(run);
  if (cached) return cached;
  const text = run.getTextContent();
  const result = readRun(text, run, 0, run.getInstruction().length, text.length, escape);
  textCache.set(run, result);
  return result;
}

/** The end of an instruction's own line(s): the first line break that is not a continuation. */
function headerEndOf(text: string, keywordEnd: number, end: number, escape: string): number {
  let pos = keywordEnd;
  for (;;) {
    const nl = text.indexOf('\n', pos);
    if (nl === -1 || nl >= end) return end;
    let k = nl - 1;
    if (text[k] === '\r') k--;
    while (k >= pos && (text[k] === ' ' || text[k] === '\t')) k--;
    if (k >= pos && text[k] === escape) {
      // A continued line: skip the comment and empty lines that follow, then go on.
      pos = nl + 1;
      while (pos < end) {
        let le = text.indexOf('\n', pos);
        if (le === -1) le = text.length;
        if (!/^[ \t]*(#.*)?\r?$/.test(text.slice(pos, le))) break;
        pos = le + 1;
      }
      continue;
    }
    return text[nl - 1] === '\r' ? nl - 1 : nl;
  }
}

/** The arguments on an instruction's own line(s), continuations removed, with its leading `--flags`. */
function readArguments(text: string, keywordEnd: number, end: number, escape: string): {flags: RunFlag[]; rest: MappedText; headerEnd: number} {
  const headerEnd = headerEndOf(text, keywordEnd, end, escape);
  const header = joinContinuations(text, keywordEnd, headerEnd, escape);
  const {flags, next} = readFlags(header);
  return {flags, rest: {text: header.text.slice(next), map: header.map.slice(next), endOffset: header.endOffset}, headerEnd};
}

function readRun(text: string, run: Instruction, start: number, keywordEnd: number, end: number, escape: string): RunScript {
  const {flags, rest: restMapped, headerEnd} = readArguments(text, keywordEnd, end, escape);
  const mounts = flags.filter((f) => f.name === 'mount').map((f) => parseMount(f.value));
  const rest = restMapped.text;
  const scriptStart = srcOf(restMapped, 0);
  let form: RunScript['form'] = 'shell';
  let commands: ShellCommand[] = [];
  let heredoc: RunScript['heredoc'] = null;
  let scriptText = rest;
  const exec = execFormWords(restMapped);
  if (exec) {
    form = 'exec';
    commands = exec.length === 0 ? [] : [{words: exec, assignments: [], redirects: [], start: exec[0]!.start, end: exec.at(-1)!.end, before: null, after: null, pipeline: 0, depth: 0}];
  } else {
    commands = parseCommands(restMapped);
    const body = heredocScript(text, restMapped, headerEnd, end);
    if (body) {
      form = 'heredoc';
      heredoc = body.info;
      const bodyText = plainText(text, body.info.bodyStart, body.info.bodyEnd);
      scriptText = bodyText.text;
      commands = body.headCommands.concat(parseCommands(bodyText));
    }
  }
  const top = commands.filter((c) => c.depth === 0);
  const scriptEnd = top.length > 0 ? Math.max(...top.map((c) => c.end)) : scriptStart;
  return {instruction: run, start, end, keywordEnd, flags, mounts, form, commands, top, scriptStart, scriptEnd, heredoc, text: scriptText};
}

/**
 * The words of exec-form (JSON) arguments with the offsets of each string, or null for shell
 * form. As BuildKit reads them: a JSON array of strings only; anything else is shell form.
 */
function execFormWords(m: MappedText): ShellWord[] | null {
  if (!/^\s*\[/.test(m.text)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(m.text);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) return null;
  const values = parsed as string[];
  const words: ShellWord[] = [];
  const re = /"((?:[^"\\]|\\.)*)"/g;
  for (let match = re.exec(m.text); match; match = re.exec(m.text)) {
    const s = srcOf(m, match.index);
    const e = srcOf(m, match.index + match[0].length - 1) + 1;
    words.push({raw: match[0], value: values[words.length]!, start: s, end: e, dynamic: false, quoted: true, valueOffsets: []});
  }
  return words;
}

/**
 * The exec-form arguments of an instruction (`CMD ["node", "server.js"]` -> `node`, `server.js`;
 * `COPY --chown=1:1 ["a", "/app/"]` -> `a`, `/app/`), read after its flags with line continuations
 * removed; null when the instruction is in shell form. The one reader of JSON arguments.
 */
export function execFormArgs(source: DockerfileSource, instruction: Instruction): string[] | null {
  const range = instruction.getRange();
  const kw = instruction.getInstructionRange();
  const end = source.lines.offset(range.end.line, range.end.character);
  const keywordEnd = source.lines.offset(kw.end.line, kw.end.character);
  const {rest} = readArguments(source.text, keywordEnd, end, source.dockerfile.escape);
  return execFormWords(rest)?.map((w) => w.value) ?? null;
}

/**
 * When the RUN's script is a heredoc (`RUN <<EOF`, `RUN bash -e <<EOF`, `RUN set -e; sh <<EOF`…
 * only the first two), returns its body. A body with a non-shell `#!` or a heredoc fed to another
 * program is data, not script.
 */
function heredocScript(
  text: string,
  rest: MappedText,
  headerEnd: number,
  end: number,
): {info: NonNullable<RunScript['heredoc']>; headCommands: ShellCommand[]} | null {
  const words = rest.text.trim().split(/\s+/);
  const headCommands: ShellCommand[] = [];
  let marker: RegExpExecArray | null = null;
  const shellWithFlags = (list: string[]) =>
    list.length > 0 && SHELLS.has(basename(list[0]!)) && list.slice(1).every((w) => /^-[A-Za-z]+$/.test(w) && !w.includes('c'));
  if (words.length === 1) marker = HEREDOC_HEAD.exec(words[0]!);
  else if (HEREDOC_HEAD.test(words[0]!)) {
    // `RUN <<EOT bash`, `RUN <<EOF sh -e`: the body is the shell's script.
    marker = HEREDOC_HEAD.exec(words[0]!);
    if (!shellWithFlags(words.slice(1))) return null;
  } else {
    // `RUN bash <<EOF`, `RUN sh -e <<EOF`, `RUN /bin/bash -ex <<EOF`
    marker = HEREDOC_HEAD.exec(words.at(-1)!);
    if (!marker || !shellWithFlags(words.slice(0, -1))) return null;
  }
  if (!marker) return null;
  const delim = marker[3]!;
  const bodyStart = headerEnd < end ? text.indexOf('\n', headerEnd) + 1 : end;
  if (bodyStart <= 0 || bodyStart > end) return null;
  // The terminator line: the first line (tabs stripped for <<-) equal to the delimiter.
  let lineStart = bodyStart;
  let terminatorStart = -1;
  while (lineStart <= end) {
    let nl = text.indexOf('\n', lineStart);
    if (nl === -1) nl = text.length;
    let line = text.slice(lineStart, nl).replace(/\r$/, '');
    if (marker[1] === '-') line = line.replace(/^\t+/, '');
    if (line === delim) {
      terminatorStart = lineStart;
      break;
    }
    if (nl >= text.length) break;
    lineStart = nl + 1;
  }
  if (terminatorStart === -1) return null;
  const body = text.slice(bodyStart, terminatorStart);
  const shebang = /^#!([^\r\n]*)/.exec(body)?.[1]?.trim() ?? null;
  if (shebang && !SHELLS.has(basename(shebang.split(/\s+/)[0] === '/usr/bin/env' ? (shebang.split(/\s+/)[1] ?? '') : shebang.split(/\s+/)[0]!))) return null;
  return {info: {bodyStart, bodyEnd: terminatorStart, terminatorStart, shebang}, headCommands};
}

/** True when the script sets errexit (`set -e`, `set -eux`, `set -o errexit`). */
export function setsErrexit(script: RunScript): boolean {
  return script.commands.some((c) => {
    const argv = effectiveArgs(c);
    if (argv[0]?.value !== 'set') return false;
    return argv.slice(1).some((w, i, all) => /^-[a-z]*e[a-z]*$/i.test(w.value) || (w.value === '-o' && all[i + 1]?.value === 'errexit'));
  }) || (script.heredoc?.shebang ? /\s-[a-z]*e/.test(script.heredoc.shebang) : false);
}

/** True when the RUN has a cache (or tmpfs) mount whose target is or contains `path`. */
export function hasCacheMount(script: RunScript, ...paths: string[]): boolean {
  return script.mounts.some((m) => (m.type === 'cache' || m.type === 'tmpfs') && paths.some((p) => m.target === p || m.target.startsWith(`${p.replace(/\/$/, '')}/`) || p.startsWith(`${m.target.replace(/\/$/, '')}/`)));
}

/**
 * An edit that appends a command to the end of a RUN (after the last token of its script, before
 * any trailing comment), joined with `&&`, following the RUN's layout:
 * - one line: `RUN a && b` -> `RUN a && b && rm …`;
 * - continuation lines that start with `&&`: a new ` \` line with the same indentation and `&& rm …`;
 * - continuation lines that end with `&& \`: `&& \` on the last line, then an indented `rm …`;
 * - a heredoc script: a new line before the terminator when the script stops on errors (`set -e`),
 *   else `&& rm …` after its last command (so a failure of that command still fails the build).
 * Returns null for exec-form RUNs.
 */
export function appendToRun(source: DockerfileSource, script: RunScript, command: string): Edit | null {
  if (script.form === 'exec') return null;
  const text = source.text;
  if (script.form === 'heredoc' && script.heredoc) {
    const bodyTop = script.top.filter((c) => c.start >= script.heredoc!.bodyStart);
    const last = bodyTop.at(-1);
    if (!last) return null;
    if (setsErrexit(script)) {
      const at = script.heredoc.terminatorStart;
      const lineStart = text.lastIndexOf('\n', last.start - 1) + 1;
      const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
      return {file: source.path, start: at, end: at, text: `${indent}${command}${source.eol}`};
    }
    return {file: source.path, start: last.end, end: last.end, text: ` && ${command}`};
  }
  const last = script.top.at(-1);
  if (!last) return null;
  const at = script.scriptEnd;
  const firstLine = source.lines.position(script.start).line;
  const lastLine = source.lines.position(at).line;
  if (firstLine === lastLine) return {file: source.path, start: at, end: at, text: ` && ${command}`};
  // Multi-line: copy the layout of the RUN's own continuation lines (the last one that shows a style).
  const escape = source.dockerfile.escape;
  const trailingRe = new RegExp(`(&&|;)[ \\t]*${escapeRe(escape)}[ \\t]*$`);
  let style: 'leading' | 'trailing' | null = null;
  let indent = '';
  for (let line = firstLine + 1; line <= lastLine; line++) {
    const lineText = source.lines.lineText(line);
    if (/^[ \t]*(&&|\|\||;)/.test(lineText)) {
      style = 'leading';
      indent = /^[ \t]*/.exec(lineText)![0];
    } else if (trailingRe.test(source.lines.lineText(line - 1))) {
      style = 'trailing';
      indent = /^[ \t]*/.exec(lineText)![0];
    }
  }
  // Text after the last token on its line (a comment) would swallow the new command: stay inline.
  const tail = text.slice(at, source.lines.lineEnd(lastLine));
  if (tail.trim() !== '' || style === null) return {file: source.path, start: at, end: at, text: ` && ${command}`};
  if (style === 'leading') return {file: source.path, start: at, end: at, text: ` ${escape}${source.eol}${indent}&& ${command}`};
  return {file: source.path, start: at, end: at, text: ` && ${escape}${source.eol}${indent}${command}`};
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Source offset where a new argument goes right after a word (e.g. after `useradd`). */
export function insertAfterWord(source: DockerfileSource, word: ShellWord, text: string): Edit {
  return {file: source.path, start: word.end, end: word.end, text: ` ${text}`};
}

/** Tokenizes a shell-form CMD/ENTRYPOINT/RUN argument text (continuations removed). */
export function parseShellForm(source: DockerfileSource, start: number, end: number): {commands: ShellCommand[]; tokens: Token[]; mapped: MappedText} {
  const mapped = joinContinuations(source.text, start, end, source.dockerfile.escape);
  return {commands: parseCommands(mapped), tokens: tokenize(mapped), mapped};
}

export type {Token as ShellToken};
