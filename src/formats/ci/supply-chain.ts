/**
 * What a CI step does for the image supply chain: build, scan, push or sign an image.
 * Shared by P401 (no-image-scan), P402 (docker-scan-retired) and P403 (unsigned-images).
 */
import type {CiCommand, CiImage, CiInclude, CiUses, Pipeline} from './pipeline.js';

/** Pinned versions the fixes write (bump them here). */
export const TRIVY_ACTION = 'aquasecurity/trivy-action@0.36.0';
export const CHECKOUT_ACTION = 'actions/checkout@v5';
export const TRIVY_IMAGE = 'aquasec/trivy:0.69.3';
export const DOCKER_IMAGE = 'docker:27';
export const DOCKER_DIND_IMAGE = 'docker:27-dind';
export const COSIGN_INSTALLER = 'sigstore/cosign-installer@v3';

/** A shell command with its full-line comments removed. */
export function withoutComments(command: string): string {
  return command
    .split(/\r?\n/)
    .filter((line) => !/^\s*#/.test(line))
    .join('\n');
}

const BUILD_COMMANDS: readonly RegExp[] = [
  /\bdocker\s+(?:image\s+)?build\b/,
  /\bdocker\s+buildx\s+(?:build|b|bake)\b/,
  /\bdocker[\s-]compose\b[^\n]*\sbuild\b/,
  /\b(?:podman|nerdctl)\s+(?:image\s+)?build\b/,
  /\bbuildah\s+(?:bud|build|build-using-dockerfile)\b/,
  /\/kaniko\/executor\b/,
  /\bbuildctl(?:-daemonless\.sh)?\b[^\n]*\sbuild\b/,
  /\bpack\s+build\b/,
  /\bko\s+(?:build|publish|resolve|apply)\b/,
  /\bjib:(?:build|dockerBuild)\b|\bjibDockerBuild\b|\bjib\b(?=\s|$)/,
];

const BUILD_ACTIONS: ReadonlySet<string> = new Set([
  'docker/build-push-action',
  'docker/bake-action',
  'redhat-actions/buildah-build',
  'aevea/action-kaniko',
  'int128/kaniko-action',
  'mr-smithers-excellent/docker-build-push',
  'elgohr/publish-docker-github-action',
]);

const SCAN_COMMANDS: readonly RegExp[] = [
  /\btrivy\b[^\n]*\s(?:image|i)\b/,
  /\bgrype\b/,
  /\bdocker\s+scout\s+(?:cves|quickview|qv|recommendations|compare)\b/,
  /\bsnyk\s+container\s+(?:test|monitor)\b/,
  /\bdocker\s+scan\b/,
  /\banchore-cli\b|\banchorectl\b/,
  /\bclairctl\b|\bclair-scanner\b/,
  /\bjf\s+(?:docker\s+scan|scan)\b/,
];

const SCAN_ACTIONS: ReadonlySet<string> = new Set([
  'aquasecurity/trivy-action',
  'anchore/scan-action',
  'docker/scout-action',
  'snyk/actions/docker',
  'crazy-max/ghaction-container-scan',
  'azure/container-scan',
  'sysdiglabs/scan-action',
  'lacework/lw-scanner-action',
  'neuvector/scan-action',
]);

const PUSH_COMMANDS: readonly RegExp[] = [
  /\bdocker\s+(?:image\s+)?push\b/,
  /\bdocker\s+buildx\s+(?:build|b|bake)\b[^\n]*\s--push\b/,
  /\bdocker\s+buildx\s+(?:build|b)\b[^\n]*\bpush=true\b/,
  /\bdocker[\s-]compose\b[^\n]*\spush\b/,
  /\b(?:podman|buildah|nerdctl)\s+(?:image\s+)?push\b/,
  /\/kaniko\/executor\b(?![^\n]*--no-push)[^\n]*--destination\b/,
  /\bcrane\s+(?:push|copy|cp)\b/,
  /\bskopeo\s+copy\b[^\n]*\bdocker:\/\//,
  /\bko\s+(?:build|publish|resolve|apply)\b(?![^\n]*--push=false)/,
  /\bjib:build\b|\bjib\b(?=\s|$)/,
  /\bpack\s+build\b[^\n]*\s--publish\b/,
];

const SIGN_COMMANDS: readonly RegExp[] = [/\bcosign\s+(?:sign|attest)\b/, /\bnotation\s+sign\b/, /\bdocker\s+trust\s+sign\b/, /\bDOCKER_CONTENT_TRUST=1\b/];

const SIGN_ACTIONS: ReadonlySet<string> = new Set([
  'sigstore/cosign-installer',
  'actions/attest-build-provenance',
  'actions/attest',
  'notaryproject/notation-action/sign',
]);

const matchesAny = (text: string, patterns: readonly RegExp[]) => patterns.some((p) => p.test(text));

export function isBuildCommand(c: CiCommand): boolean {
  return matchesAny(withoutComments(c.text), BUILD_COMMANDS);
}
export function isScanCommand(c: CiCommand): boolean {
  return matchesAny(withoutComments(c.text), SCAN_COMMANDS);
}
export function isPushCommand(c: CiCommand): boolean {
  return matchesAny(withoutComments(c.text), PUSH_COMMANDS);
}
export function isSignCommand(c: CiCommand): boolean {
  return matchesAny(withoutComments(c.text), SIGN_COMMANDS);
}

export function isBuildAction(u: CiUses): boolean {
  return BUILD_ACTIONS.has(u.action);
}
export function isScanAction(u: CiUses): boolean {
  if (!SCAN_ACTIONS.has(u.action)) return false;
  // trivy-action with scan-type config only checks IaC files, not an image.
  if (u.action === 'aquasecurity/trivy-action' && /^(?:config)$/i.test(u.with['scan-type'] ?? '')) return false;
  return true;
}
/** `with.push` truthy (an expression may push, so it counts). */
export function isPushAction(u: CiUses): boolean {
  if (u.action === 'redhat-actions/push-to-registry') return true;
  if (u.action === 'docker/build-push-action' || u.action === 'docker/bake-action' || u.action === 'mr-smithers-excellent/docker-build-push') {
    const push = (u.with['push'] ?? (u.action === 'mr-smithers-excellent/docker-build-push' ? 'true' : 'false')).trim();
    return push === 'true' || push.startsWith('${{');
  }
  if (u.action === 'elgohr/publish-docker-github-action' || u.action === 'aevea/action-kaniko' || u.action === 'int128/kaniko-action') {
    return (u.with['push'] ?? 'true').trim() !== 'false' && (u.with['no_push'] ?? u.with['no-push'] ?? 'false').trim() !== 'true';
  }
  return false;
}
export function isSignAction(u: CiUses): boolean {
  return SIGN_ACTIONS.has(u.action);
}

/** GitLab jobs that run in a builder image (kaniko, buildah) build images. */
export function isBuildImage(i: CiImage): boolean {
  return /kaniko-project\/executor|\/buildah\b|^buildah\b|quay\.io\/buildah/.test(i.image);
}

/** GitLab includes that bring a container scan (the Container-Scanning template, Auto DevOps). */
export function isScanInclude(i: CiInclude): boolean {
  return /container[-_]scanning|auto-devops/i.test(i.text);
}

/** What one pipeline does for the image supply chain. */
export interface SupplyChain {
  builds: Array<{start: number; end: number}>;
  scans: boolean;
  pushes: Array<{start: number; end: number}>;
  signs: boolean;
}

/**
 * What a pipeline builds, pushes, scans and signs. With the file's `text`, a command's range is
 * narrowed to the line of a multi-line script that matches.
 */
export function supplyChainOf(p: Pipeline, text?: string): SupplyChain {
  const builds: Array<{start: number; end: number}> = [];
  const pushes: Array<{start: number; end: number}> = [];
  for (const c of p.commands) {
    if (isBuildCommand(c)) builds.push(narrow(c, BUILD_COMMANDS, text));
    if (isPushCommand(c)) pushes.push(narrow(c, PUSH_COMMANDS, text));
  }
  for (const u of p.uses) {
    if (isBuildAction(u)) builds.push(u);
    if (isPushAction(u)) pushes.push(u);
  }
  for (const i of p.images) if (isBuildImage(i)) builds.push(i);
  builds.sort((a, b) => a.start - b.start);
  pushes.sort((a, b) => a.start - b.start);
  const scans = p.commands.some(isScanCommand) || p.uses.some(isScanAction) || p.includes.some(isScanInclude);
  const signs = p.commands.some(isSignCommand) || p.uses.some(isSignAction);
  return {builds, scans, pushes, signs};
}

/** The matching line of a multi-line command (from the match to the end of its line), else the whole command. */
function narrow(c: CiCommand, patterns: readonly RegExp[], text: string | undefined): {start: number; end: number} {
  if (text === undefined) return c;
  const raw = text.slice(c.start, c.end);
  let offset = 0;
  for (const line of raw.split('\n')) {
    if (!/^\s*#/.test(line)) {
      for (const p of patterns) {
        const m = p.exec(line);
        if (m) {
          const start = c.start + offset + m.index;
          return {start, end: c.start + offset + line.replace(/\s+$/, '').length};
        }
      }
    }
    offset += line.length + 1;
  }
  return c;
}
