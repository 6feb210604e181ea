/** Files not read: Helm templates counted per chart (one line), every one named with --verbose. */
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runMain} from '../helpers/main.js';
import {HELM_SKIP} from '../../src/core/classify.js';
import {skippedLines} from '../../src/report/skipped.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipshape-skipped-'));
});
afterEach(async () => {
  await rm(dir, {recursive: true, force: true});
});

async function stderrOf(args: string[]): Promise<string> {
  return (await runMain(args, dir)).stderr;
}

const TEMPLATE = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "loki.fullname" . }}\n';

describe('skipped Helm templates', () => {
  it('are one line per chart with the count; --verbose names each; other skips are always named', async () => {
    for (const name of ['a', 'b', 'c']) {
      await mkdir(join(dir, 'helm/loki/templates', name), {recursive: true});
      await writeFile(join(dir, 'helm/loki/templates', name, 'deployment.yaml'), TEMPLATE);
    }
    await mkdir(join(dir, 'charts/one/templates'), {recursive: true});
    await writeFile(join(dir, 'charts/one/templates/svc.yaml'), TEMPLATE);
    await writeFile(join(dir, 'big.yaml'), `apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "${'x'.repeat(3 * 1024 * 1024)}"\n`);

    const lines = (await stderrOf(['check', '.'])).trim().split('\n');
    expect(lines).toContain('shipshape: helm/loki: skipped 3 Helm templates in templates/; render the chart with `helm template` and check the output (--verbose lists them)');
    expect(lines).toContain('shipshape: charts/one: skipped 1 Helm template in templates/; render the chart with `helm template` and check the output (--verbose names it)');
    expect(lines.filter((l) => l.includes('big.yaml: skipped: too large'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('skipped'))).toHaveLength(3);

    const verbose = (await stderrOf(['check', '--verbose', '.'])).trim().split('\n');
    expect(verbose.filter((l) => l.endsWith(`skipped: ${HELM_SKIP}`))).toHaveLength(4);
    expect(verbose).toContain(`shipshape: helm/loki/templates/a/deployment.yaml: skipped: ${HELM_SKIP}`);
  });

  it('outside a templates/ folder are named one by one', () => {
    expect(skippedLines([{path: 'vitess/etcd-template.yaml', reason: HELM_SKIP}])).toEqual([`vitess/etcd-template.yaml: skipped: ${HELM_SKIP}`]);
    expect(skippedLines([{path: 'templates/x.yaml', reason: HELM_SKIP}, {path: 'templates/y.yaml', reason: HELM_SKIP}])[0]).toMatch(/^\.: skipped 2 Helm templates/);
  });
});
