import type {Kind} from './model.js';

export type Classification = {kind: Kind} | {skip: string} | null;

/** Why a template is not read (the report groups these per chart). */
export const HELM_SKIP = 'Helm template (contains {{ }}); render it with `helm template` and check the output';

const DOCKERFILE = /^(?:Dockerfile|Containerfile)(?:\..+)?$|\.(?:Dockerfile|dockerfile|Containerfile)$/;
const COMPOSE = /^(?:docker-)?compose(?:[.-][^/]*)?\.ya?ml$/i;
const YAML_OR_JSON = /\.(?:ya?ml|json)$/i;

/**
 * Classifies a file by its path and, for YAML/JSON, a cheap sniff of its content.
 * Returns null for files shipshape does not read.
 */
export function classifyByName(path: string): Kind | 'yaml' | null {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (DOCKERFILE.test(base)) return 'dockerfile';
  if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path) || /^\.gitlab-ci\.ya?ml$/.test(base)) return 'ci';
  if (COMPOSE.test(base)) return 'compose';
  if (YAML_OR_JSON.test(base)) return 'yaml';
  if (COMMAND_FILE.test(base)) return 'script';
  return null;
}

/** Shell scripts, Makefiles, systemd units and Markdown: read when they start containers (`docker run`, …) or deploy a Swarm stack. */
const COMMAND_FILE = /^(GNU)?[Mm]akefile$|\.(mk|sh|bash|service|md|markdown)$/;
const STARTS_CONTAINERS = /\b(?:docker|podman)(?:[ \t]+\S+)*?[ \t]+(?:run|create)\b|\bdocker[ \t]+stack[ \t]+deploy\b/;

export function classify(path: string, text: string): Classification {
  const byName = classifyByName(path);
  if (byName === null) return null;
  if (byName === 'script') return STARTS_CONTAINERS.test(text) ? {kind: 'script'} : null;
  if (byName !== 'yaml') {
    if (byName === 'compose' && looksLikeHelm(text)) return {skip: HELM_SKIP};
    return {kind: byName};
  }
  if (/(^|\/)templates\/[^/]+$/.test(path) && looksLikeHelm(text)) {
    return {skip: HELM_SKIP};
  }
  // Kustomizations often carry no apiVersion/kind: read them by name (they say what is applied together).
  if (/^kustomization\.ya?ml$/.test(path.slice(path.lastIndexOf('/') + 1)) && !looksLikeHelm(withoutStrings(text))) return {kind: 'kubernetes'};
  if (/\.json$/i.test(path)) {
    if (/"apiVersion"\s*:/.test(text) && /"kind"\s*:/.test(text)) return {kind: 'kubernetes'};
    return null;
  }
  // A JSON manifest saved as .yaml (JSON is YAML): `{"apiVersion": …, "kind": …}`.
  if (/^\s*[[{]/.test(text) && /"apiVersion"\s*:/.test(text) && /"kind"\s*:/.test(text)) return {kind: 'kubernetes'};
  if (/^apiVersion\s*:/m.test(text) && /^kind\s*:/m.test(text)) {
    if (looksLikeHelm(withoutStrings(text)) || HELM_ACTION.test(text)) return {skip: HELM_SKIP};
    return {kind: 'kubernetes'};
  }
  if (/^services\s*:\s*(?:#.*)?$/m.test(text)) return {kind: 'compose'};
  return null;
}

/**
 * Template actions only Helm has (its built-in objects and chart functions): wherever they stand,
 * even inside a string, the file is a chart template. Prometheus and Alertmanager texts use
 * `$labels`, `$value`, `humanize`, `printf`, never these.
 */
const HELM_ACTION = /\{\{-?[^}]*?(?:\.(?:Values|Release|Chart|Capabilities|Files|Template)\b|\b(?:include|toYaml|nindent|tpl|required)\b)/;

/**
 * The text without comments, quoted strings, block scalars (`key: |` and the lines under it) and
 * the `{{ }}` inside plain scalars (`description: Instance {{ $labels.instance }} is down`: text
 * that started before the braces): what is left is YAML structure. Manifests carry `{{ }}` of
 * their own inside strings (Kyverno variables, Vault Agent templates, Prometheus rules), which is
 * no sign of a Helm template; `{{` where a value or a line starts is.
 */
function withoutStrings(text: string): string {
  const out: string[] = [];
  let blockIndent = -1;
  for (const raw of text.split(/\r?\n/)) {
    const indent = raw.length - raw.trimStart().length;
    if (blockIndent >= 0 && (raw.trim() === '' || indent > blockIndent)) continue;
    blockIndent = -1;
    const stripped = raw.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, '""').replace(/(^|\s)#.*$/, '');
    if (/:\s*[|>][-+0-9]*\s*$/.test(stripped) || /^\s*-\s*[|>][-+0-9]*\s*$/.test(stripped)) blockIndent = indent;
    out.push(withoutPlainText(stripped));
  }
  return out.join('\n');
}

/**
 * A line with the text of a plain scalar value replaced: `key: text …` and continuation lines of a
 * multi-line plain scalar keep only their structure. A value that starts with `{` or `[` (a flow
 * collection, or Helm's `{{`) stays as it is.
 */
function withoutPlainText(line: string): string {
  const m = /^(\s*(?:-\s+)*(?:[^\s#{[\]][^#]*?:(?:\s+|$))?)(.*)$/.exec(line)!;
  const value = m[2]!;
  return value === '' || /^[{[]/.test(value) ? line : `${m[1]}x`;
}

function looksLikeHelm(text: string): boolean {
  return /\{\{[-\s]/.test(text) || /\{\{[.$a-zA-Z]/.test(text);
}
