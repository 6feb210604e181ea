/**
 * Finds `docker scan …` invocations in the raw text of a CI command and builds their
 * `docker scout cves` replacement (P402).
 */

export interface DockerScanUse {
  /** Offsets in the file: from `docker` to the end of the last argument. */
  start: number;
  end: number;
  /** The replacement command, or null when it cannot be derived safely (and why). */
  replacement: string | null;
  why?: string;
}

/** Severities `docker scan --severity X` reported (X and above) as `docker scout --only-severity`. */
const SEVERITY_AND_ABOVE: Record<string, string> = {
  low: 'critical,high,medium,low',
  medium: 'critical,high,medium',
  high: 'critical,high',
};
const DEFAULT_SEVERITY = 'critical,high';

const FLAGS_WITHOUT_VALUE = new Set(['--accept-license', '--dependency-tree', '--exclude-base', '--group-issues', '--json', '--reject-license']);
const FLAGS_WITH_VALUE = new Set(['-f', '--file', '--severity', '--token']);

/**
 * Scans `raw` (the file text between `start` and `end` of one command scalar) for `docker scan`.
 * `offset` is the file offset of `raw[0]`.
 */
export function findDockerScans(raw: string, offset: number): DockerScanUse[] {
  const out: DockerScanUse[] = [];
  const re = /(^|[\s;&|(`])(docker\s+scan)(?=[ \t]|$|\r?\n)/gm;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const start = m.index + m[1]!.length;
    const lineStart = raw.lastIndexOf('\n', start - 1) + 1;
    if (/^\s*#/.test(raw.slice(lineStart, start))) continue;
    const argsStart = start + m[2]!.length;
    const parsed = parseArgs(raw, argsStart);
    out.push({start: offset + start, end: offset + parsed.end, ...replacementFor(parsed)});
  }
  return out;
}

interface ParsedArgs {
  tokens: string[];
  end: number;
  continued: boolean;
  unsafe: boolean;
}

/** Reads shell words up to the end of the line or a shell operator; `${{ … }}` is one word. */
function parseArgs(raw: string, from: number): ParsedArgs {
  const tokens: string[] = [];
  let i = from;
  let end = from;
  let continued = false;
  let unsafe = false;
  for (;;) {
    while (i < raw.length && (raw[i] === ' ' || raw[i] === '\t')) i++;
    if (i >= raw.length || raw[i] === '\n' || raw[i] === '\r') break;
    const c = raw[i]!;
    // Shell operators, a comment, or a redirection (`> out`, `2>&1`) end the command's arguments.
    if (';&|)`<>'.includes(c) || c === '#' || /^\d+[<>]/.test(raw.slice(i, i + 3))) break;
    if (c === '\\' && /^\\[ \t]*(?:\r?\n|$)/.test(raw.slice(i))) {
      continued = true;
      break;
    }
    let token = '';
    while (i < raw.length && !' \t\r\n;&|)`<>'.includes(raw[i]!)) {
      const ch = raw[i]!;
      if (ch === '"' || ch === "'") {
        const close = raw.indexOf(ch, i + 1);
        if (close === -1 || raw.slice(i, close).includes('\n')) {
          unsafe = true;
          token += raw.slice(i);
          i = raw.length;
          break;
        }
        token += raw.slice(i, close + 1);
        i = close + 1;
      } else if (ch === '$' && raw.startsWith('${{', i)) {
        const close = raw.indexOf('}}', i);
        if (close === -1) {
          unsafe = true;
          i = raw.length;
          break;
        }
        token += raw.slice(i, close + 2);
        i = close + 2;
      } else if (ch === '\\') {
        unsafe = true;
        token += raw.slice(i, i + 2);
        i += 2;
      } else {
        token += ch;
        i++;
      }
    }
    tokens.push(token);
    end = i;
  }
  return {tokens, end, continued, unsafe};
}

function replacementFor(args: ParsedArgs): {replacement: string | null; why?: string} {
  if (args.continued) return {replacement: null, why: 'its arguments continue on the next line'};
  if (args.unsafe) return {replacement: null, why: 'its arguments use quoting shipshape does not rewrite'};
  let severity = DEFAULT_SEVERITY;
  let ignoreBase = false;
  const images: string[] = [];
  for (let i = 0; i < args.tokens.length; i++) {
    const token = args.tokens[i]!;
    const [flag, inline] = token.startsWith('-') ? splitFlag(token) : [token, undefined];
    if (flag === '--login' || flag === '--version' || flag === '-v' || flag === '--help' || flag === '-h') {
      return {replacement: null, why: `\`docker scan ${flag}\` has no \`docker scout cves\` equivalent`};
    }
    if (FLAGS_WITH_VALUE.has(flag)) {
      const value = inline ?? args.tokens[++i];
      if (value === undefined) return {replacement: null, why: `${flag} has no value`};
      if (flag === '--severity') {
        const mapped = SEVERITY_AND_ABOVE[value.replace(/^["']|["']$/g, '').toLowerCase()];
        if (!mapped) return {replacement: null, why: `unknown severity ${value}`};
        severity = mapped;
      }
      continue;
    }
    if (FLAGS_WITHOUT_VALUE.has(flag)) {
      if (flag === '--exclude-base') ignoreBase = true;
      continue;
    }
    if (flag.startsWith('-')) return {replacement: null, why: `unknown option ${flag}`};
    images.push(token);
  }
  if (images.length !== 1) return {replacement: null, why: images.length === 0 ? 'it names no image' : 'it names more than one image'};
  return {replacement: `docker scout cves --exit-code --only-severity ${severity}${ignoreBase ? ' --ignore-base' : ''} ${images[0]}`};
}

function splitFlag(token: string): [string, string | undefined] {
  const eq = token.indexOf('=');
  return eq > 0 ? [token.slice(0, eq), token.slice(eq + 1)] : [token, undefined];
}
