import type {Kind} from './model.js';

export type Classification = {kind: Kind} | {skip: string} | null;

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
  return null;
}

export function classify(path: string, text: string): Classification {
  const byName = classifyByName(path);
  if (byName === null) return null;
  if (byName !== 'yaml') {
    if (byName === 'compose' && looksLikeHelm(text)) return {skip: 'Helm template (contains {{ }}); render it with `helm template` and check the output'};
    return {kind: byName};
  }
  if (/(^|\/)templates\/[^/]+$/.test(path) && looksLikeHelm(text)) {
    return {skip: 'Helm template (contains {{ }}); render it with `helm template` and check the output'};
  }
  // Kustomizations often carry no apiVersion/kind: read them by name (they say what is applied together).
  if (/^kustomization\.ya?ml$/.test(path.slice(path.lastIndexOf('/') + 1)) && !looksLikeHelm(withoutStrings(text))) return {kind: 'kubernetes'};
  if (/\.json$/i.test(path)) {
    if (/"apiVersion"\s*:/.test(text) && /"kind"\s*:/.test(text)) return {kind: 'kubernetes'};
    return null;
  }
  if (/^apiVersion\s*:/m.test(text) && /^kind\s*:/m.test(text)) {
    if (looksLikeHelm(withoutStrings(text))) return {skip: 'Helm template (contains {{ }}); render it with `helm template` and check the output'};
    return {kind: 'kubernetes'};
  }
  if (/^services\s*:\s*(?:#.*)?$/m.test(text)) return {kind: 'compose'};
  return null;
}

/**
 * The text without comments, quoted strings and block scalars (`key: |` and the lines under it):
 * what is left is YAML structure. Manifests carry `{{ }}` of their own inside strings (Kyverno
 * variables, Vault Agent templates, Prometheus rules), which is no sign of a Helm template.
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
    out.push(stripped);
  }
  return out.join('\n');
}

function looksLikeHelm(text: string): boolean {
  return /\{\{[-\s]/.test(text) || /\{\{[.$a-zA-Z]/.test(text);
}
