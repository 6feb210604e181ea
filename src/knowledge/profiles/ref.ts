/**
 * Image references: splitting one into registry, path, tag and digest, and resolving the `${VAR}`
 * interpolation Compose allows in `image:` (`${IMG:-nginx:1.27}`, `nginx:${TAG:-1.27}`).
 */

export interface ImageRef {
  /** As written (ARG defaults already substituted by the caller). */
  raw: string;
  /** `docker.io`, `gcr.io`, `mcr.microsoft.com`, … (`docker.io` when none is given). */
  registry: string;
  /** The path without registry, `library/` removed: `node`, `bitnami/redis`, `distroless/static-debian12`. */
  path: string;
  /** The last path segment: `node`, `redis`, `static-debian12`. */
  name: string;
  /** The tag, or null (then `latest` applies). */
  tag: string | null;
  digest: string | null;
}

/** Registry host names that all mean Docker Hub. */
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** Splits an image reference into registry, path, tag and digest. */
export function parseImageRef(image: string): ImageRef {
  const raw = image.trim();
  let rest = raw;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry = 'docker.io';
  const slash = rest.indexOf('/');
  if (slash !== -1) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first.toLowerCase();
      rest = rest.slice(slash + 1);
    }
  }
  let path = rest.toLowerCase();
  if (DOCKER_HUB.has(registry)) {
    registry = 'docker.io';
    if (path.startsWith('library/')) path = path.slice('library/'.length);
  }
  const name = path.split('/').at(-1) ?? path;
  return {raw, registry, path, name, tag: tag?.toLowerCase() ?? null, digest};
}

/** How one variable of a reference was resolved. */
export interface ResolvedVariable {
  name: string;
  /** `vars`: the value the caller passed (an `.env` file); `default`: the `:-`/`-` default written in the reference. */
  from: 'vars' | 'default';
}

export interface Interpolation {
  /** The reference with every variable replaced, or null when one has no value and no default. */
  value: string | null;
  resolved: ResolvedVariable[];
  /** Variables with neither a value nor a default. */
  unresolved: string[];
}

/** True when the text uses `$VAR` or `${VAR…}` interpolation (`$$` is an escaped dollar). */
export function hasInterpolation(text: string): boolean {
  return /\$(?!\$)(\{|[A-Za-z_])/.test(text.replace(/\$\$/g, ''));
}

/**
 * Resolves Compose-style interpolation: `${VAR}`, `$VAR`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR:+alternative}`, nested defaults and `$$`. A variable is taken from `vars`
 * when given there, else from its default; without either the whole value is not known.
 */
export function interpolate(text: string, vars: Readonly<Record<string, string | undefined>> = {}): Interpolation {
  const resolved: ResolvedVariable[] = [];
  const unresolved: string[] = [];
  const value = expand(text, vars, resolved, unresolved);
  return {value: unresolved.length === 0 ? value : null, resolved, unresolved};
}

function expand(text: string, vars: Readonly<Record<string, string | undefined>>, resolved: ResolvedVariable[], unresolved: string[]): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const end = closingBrace(text, i + 2);
      if (end === -1) {
        out += text.slice(i);
        break;
      }
      out += braced(text.slice(i + 2, end), vars, resolved, unresolved);
      i = end + 1;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (!m) {
      out += ch;
      i++;
      continue;
    }
    out += lookup(m[0], vars, resolved, unresolved);
    i += 1 + m[0].length;
  }
  return out;
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function braced(body: string, vars: Readonly<Record<string, string | undefined>>, resolved: ResolvedVariable[], unresolved: string[]): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
  if (!m) {
    unresolved.push(body);
    return '';
  }
  const [, name, op, arg = ''] = m as unknown as [string, string, string | undefined, string | undefined];
  const value = vars[name!];
  const emptyCounts = op?.startsWith(':') ?? false;
  const set = value !== undefined && (!emptyCounts || value !== '');
  switch (op) {
    case undefined:
      return lookup(name!, vars, resolved, unresolved);
    case ':-':
    case '-':
      if (set) {
        resolved.push({name: name!, from: 'vars'});
        return value!;
      }
      resolved.push({name: name!, from: 'default'});
      return expand(arg, vars, resolved, unresolved);
    case ':?':
    case '?':
      return lookup(name!, vars, resolved, unresolved);
    default:
      // `:+` / `+`: the alternative when set, else empty. Whether it is set is only known from vars.
      if (value === undefined) {
        unresolved.push(name!);
        return '';
      }
      resolved.push({name: name!, from: 'vars'});
      return set ? expand(arg, vars, resolved, unresolved) : '';
  }
}

function lookup(name: string, vars: Readonly<Record<string, string | undefined>>, resolved: ResolvedVariable[], unresolved: string[]): string {
  const value = vars[name];
  if (value === undefined) {
    unresolved.push(name);
    return '';
  }
  resolved.push({name, from: 'vars'});
  return value;
}

/**
 * Compares two dotted version strings numerically (`2.10` > `2.4`); leading `v` and suffixes after
 * the numbers are ignored. Null when either has no leading number.
 */
export function compareVersions(a: string, b: string): number | null {
  const parse = (v: string) => /^v?(\d+(?:\.\d+)*)/.exec(v)?.[1]?.split('.').map(Number) ?? null;
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return null;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}
