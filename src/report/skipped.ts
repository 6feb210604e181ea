/**
 * The lines that say which files were not read. Helm templates are counted per chart (the folder
 * above `templates/`): grafana/loki has 127 of them in one chart, and one line says it; `verbose`
 * lists every file, as every other skip always is.
 */
import {HELM_SKIP} from '../core/classify.js';
import type {SkippedFile} from '../core/project.js';

/** The chart folder of a template path (`production/helm/loki` for `…/loki/templates/x/y.yaml`), or null. */
function chartOf(path: string): string | null {
  const at = path.lastIndexOf('/templates/');
  if (at !== -1) return path.slice(0, at);
  return path.startsWith('templates/') ? '.' : null;
}

export function skippedLines(skipped: readonly SkippedFile[], verbose = false): string[] {
  const lines: string[] = [];
  const charts = new Map<string, number>();
  for (const s of skipped) {
    const chart = s.reason === HELM_SKIP && !verbose ? chartOf(s.path) : null;
    if (chart === null) lines.push(`${s.path}: skipped: ${s.reason}`);
    else charts.set(chart, (charts.get(chart) ?? 0) + 1);
  }
  for (const [chart, count] of charts) {
    lines.push(
      count === 1
        ? `${chart}: skipped 1 Helm template in templates/; render the chart with \`helm template\` and check the output (--verbose names it)`
        : `${chart}: skipped ${count} Helm templates in templates/; render the chart with \`helm template\` and check the output (--verbose lists them)`,
    );
  }
  return lines;
}
