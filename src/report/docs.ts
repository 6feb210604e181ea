/**
 * A rule's documentation as users read it (`explain`, the wizard, SARIF help): the sections the rule
 * writes, then References generated from its peer ids (linked where the peer documents the check)
 * and its documentation links, so no peer is written twice.
 */
import type {Rule} from '../core/rule.js';
import {peerRef} from '../knowledge/peers.js';

type Documented = Pick<Rule, 'kind' | 'docs' | 'references' | 'links'>;

export function ruleDocs(rule: Documented): string {
  return `${rule.docs.trimEnd()}\n\n## References\n${referenceLines(rule).join('\n')}\n`;
}

/** One line per peer tool (ids that share a page linked together), then one per link. */
export function referenceLines(rule: Documented): string[] {
  const byTool = new Map<string, Map<string | null, string[]>>();
  for (const reference of rule.references) {
    const colon = reference.indexOf(':');
    const peer = peerRef(reference, rule.kind) ?? {tool: reference.slice(0, colon), id: reference.slice(colon + 1), url: null};
    const pages = byTool.get(peer.tool) ?? byTool.set(peer.tool, new Map()).get(peer.tool)!;
    (pages.get(peer.url) ?? pages.set(peer.url, []).get(peer.url)!).push(peer.id);
  }
  const lines = [...byTool].map(([tool, pages]) => {
    const parts = [...pages].map(([url, ids]) => (url ? `[${ids.join(', ')}](${url})` : ids.join(', ')));
    return `- ${tool}: ${parts.join(', ')}`;
  });
  for (const [title, url] of Object.entries(rule.links ?? {})) lines.push(`- [${title}](${url})`);
  return lines.length > 0 ? lines : ['- No peer tool has an equivalent check.'];
}

/** Markdown links as `text <url>`, for a terminal that cannot follow them. */
export function plainLinks(markdown: string): string {
  return markdown.replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, '$1 <$2>');
}
