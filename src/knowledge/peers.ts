/**
 * The peer tools rules name in `references` (`tool:ID`), and where each documents one of its
 * checks. Sources (read 2026-11): hadolint's wiki has a page per rule (github.com/hadolint/hadolint/wiki);
 * Checkov documents checks in one policy index per framework (checkov.io, "Policy Index"), with no
 * page per check; KICS has a page per query under its platform (docs.kics.io/latest/queries/,
 * the folders of Checkmarx/kics docs/queries/); kube-linter lists its checks in one generated page
 * with an anchor per check (stackrox/kube-linter docs/generated/checks.md); Trivy links each check
 * to its Aqua Vulnerability Database page (avd.aquasec.com/misconfig/<id>, Trivy's PrimaryURL).
 */
import type {RuleKind} from '../core/rule.js';

export interface PeerRef {
  /** The tool as its users write it (hadolint, Checkov, KICS, kube-linter, Trivy). */
  tool: string;
  id: string;
  /** Where the tool documents the check, or null when it has no stable page for it. */
  url: string | null;
}

const CHECKOV_INDEX: Partial<Record<RuleKind, string>> = {
  dockerfile: 'https://www.checkov.io/5.Policy%20Index/dockerfile.html',
  kubernetes: 'https://www.checkov.io/5.Policy%20Index/kubernetes.html',
};

const KICS_PLATFORM: Partial<Record<RuleKind, string>> = {dockerfile: 'dockerfile', compose: 'dockercompose', kubernetes: 'kubernetes'};
/** KICS queries that run on every platform (docs/queries/common-queries/): "Passwords And Secrets". */
const KICS_COMMON = new Set(['a88baa34-e2ad-44ea-ad6f-8cac87bc7c71']);

/** `DS001`, `DS-0032`, `AVD-KSV-0012` → `ds001`, `ds032`, `ksv012` (AVD pages use three digits). */
function avdPage(id: string): string | null {
  const m = /^(?:AVD-)?([A-Z]+)-?(\d+)$/.exec(id);
  return m ? `https://avd.aquasec.com/misconfig/${m[1]!.toLowerCase()}${m[2]!.replace(/^0+(?=\d{3})/, '').padStart(3, '0')}` : null;
}

const PEERS: Record<string, {tool: string; url: (id: string, kind: RuleKind) => string | null}> = {
  hadolint: {tool: 'hadolint', url: (id) => `https://github.com/hadolint/hadolint/wiki/${id}`},
  checkov: {tool: 'Checkov', url: (_id, kind) => CHECKOV_INDEX[kind] ?? null},
  kics: {
    tool: 'KICS',
    url: (id, kind) => {
      const platform = KICS_COMMON.has(id) ? 'common' : KICS_PLATFORM[kind];
      return platform ? `https://docs.kics.io/latest/queries/${platform}-queries/${id}/` : null;
    },
  },
  'kube-linter': {tool: 'kube-linter', url: (id) => `https://github.com/stackrox/kube-linter/blob/main/docs/generated/checks.md#${id}`},
  trivy: {tool: 'Trivy', url: avdPage},
};

export const PEER_TOOLS: readonly string[] = Object.keys(PEERS);

/** Reads a `tool:ID` reference of a rule of the given kind; null for a tool shipshape does not know. */
export function peerRef(reference: string, kind: RuleKind): PeerRef | null {
  const colon = reference.indexOf(':');
  const peer = PEERS[reference.slice(0, colon)];
  if (colon < 0 || !peer) return null;
  const id = reference.slice(colon + 1);
  return {tool: peer.tool, id, url: peer.url(id, kind)};
}
