/**
 * The Dockerfile of shipshape's own image passes shipshape's checks: nothing at or above low,
 * nothing to fix (the base image is pinned by tag, which D105 reports as info: a digest is for
 * the release pipeline to pin). No image is built here: the node base image needs a registry.
 */
import {describe, expect, it} from 'vitest';
import {runMain} from '../helpers/main.js';
import {ROOT} from '../helpers/clean-copy.js';

describe("shipshape's own image", () => {
  it('passes its own check with its .dockerignore as the build context sees it', async () => {
    const {code, stdout} = await runMain(['check', '--format', 'json', 'Dockerfile', '.dockerignore'], ROOT);
    const report = JSON.parse(stdout) as {files: Array<{path: string}>; findings: Array<{rule: string; severity: string; fix: unknown}>};
    expect(report.files.map((f) => f.path)).toEqual(['Dockerfile']);
    expect(report.findings.filter((f) => f.severity !== 'info').map((f) => f.rule)).toEqual([]);
    expect(report.findings.filter((f) => f.fix !== null).map((f) => f.rule)).toEqual([]);
    expect(report.findings.map((f) => f.rule)).toEqual(['D105', 'D105']);
    expect(code).toBe(0);
  });
});
