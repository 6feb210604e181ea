/** Behaviour of P401–P403 beyond the fixtures: where a repo-wide finding lands, name clashes, fixpoint after discovery. */
import {describe, expect, it} from 'vitest';
import {buildProject, type InputFile} from '../../src/core/project.js';
import {classify} from '../../src/core/classify.js';
import {findingsOf, fixProject} from '../helpers/battery.js';

const DOCKERFILE: InputFile = {path: 'Dockerfile', kind: 'dockerfile', text: 'FROM alpine:3.20\n'};
const BUILD_WF = 'name: ci\non: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -t x .\n';
const TEST_WF = 'name: t\non: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n';
const ci = (path: string, text: string): InputFile => ({path, kind: 'ci', text});

describe('P401 no-image-scan', () => {
  it('needs a CI file: Dockerfiles alone give no finding', () => {
    const project = buildProject(['.'], [DOCKERFILE]);
    expect(findingsOf(project, 'P401')).toEqual([]);
  });

  it('reports once, on the workflow that builds images', () => {
    const project = buildProject(['.'], [DOCKERFILE, ci('.github/workflows/a.yml', TEST_WF), ci('.github/workflows/b.yml', BUILD_WF), ci('.gitlab-ci.yml', 'test:\n  script: [make]\n')]);
    const found = findingsOf(project, 'P401');
    expect(found.map((f) => `${f.path}:${f.line}`)).toEqual(['.github/workflows/b.yml:7']);
    expect(found[0]!.fingerprint).toBe('P401:.github/workflows/b.yml:repository > image-scan');
  });

  it('reports on the first workflow when none builds, and prefers a building .gitlab-ci.yml', () => {
    expect(findingsOf(buildProject(['.'], [DOCKERFILE, ci('.github/workflows/z.yml', TEST_WF), ci('.github/workflows/a.yml', TEST_WF)]), 'P401').map((f) => f.path)).toEqual(['.github/workflows/a.yml']);
    const gitlab = ci('.gitlab-ci.yml', 'build:\n  script:\n    - docker build -t x .\n');
    expect(findingsOf(buildProject(['.'], [DOCKERFILE, ci('.github/workflows/a.yml', TEST_WF), gitlab]), 'P401').map((f) => f.path)).toEqual(['.gitlab-ci.yml']);
  });

  it('a scan anywhere in the repo satisfies it', () => {
    const scan = 'on: push\njobs:\n  s:\n    runs-on: x\n    steps:\n      - run: grype dir:.\n';
    expect(findingsOf(buildProject(['.'], [DOCKERFILE, ci('.github/workflows/b.yml', BUILD_WF), ci('.github/workflows/s.yml', scan)]), 'P401')).toEqual([]);
  });

  it('never overwrites a file: takes the second name, then offers no fix', () => {
    const inputs = [DOCKERFILE, ci('.github/workflows/b.yml', BUILD_WF)];
    const one = buildProject(['.'], inputs, {files: new Set(['.github/workflows/image-scan.yml'])});
    const edits = findingsOf(one, 'P401')[0]!.fix!.edits({});
    expect(edits.map((e) => [e.file, e.start, e.end])).toEqual([['.github/workflows/shipshape-image-scan.yml', 0, 0]]);
    const both = buildProject(['.'], inputs, {files: new Set(['.github/workflows/image-scan.yml', '.github/workflows/shipshape-image-scan.yml'])});
    const finding = findingsOf(both, 'P401')[0]!;
    expect(finding.fix).toBeNull();
    expect(finding.advice).toMatch(/Trivy/);
  });

  it('uses another GitLab job name when image-scan is taken', () => {
    const gitlab = ci('.gitlab-ci.yml', 'image-scan:\n  script:\n    - docker build -t x .\n');
    const fix = findingsOf(buildProject(['.'], [DOCKERFILE, gitlab]), 'P401')[0]!.fix!;
    expect(fix.edits({})[0]!.text).toContain('\nshipshape-image-scan:\n');
  });

  it('the written workflow is, once discovered, a CI file that scans every Dockerfile', () => {
    const inputs = [DOCKERFILE, {path: 'api/Dockerfile', kind: 'dockerfile' as const, text: 'FROM node:22\n'}, ci('.github/workflows/b.yml', BUILD_WF)];
    const plan = fixProject(buildProject(['.'], inputs), {only: new Set(['P401'])});
    expect(plan.files.map((f) => [f.path, f.existed])).toEqual([['.github/workflows/image-scan.yml', false]]);
    const created = plan.files[0]!;
    expect(classify(created.path, created.after)).toEqual({kind: 'ci'});
    const rediscovered = buildProject(['.'], [...inputs, ci(created.path, created.after)]);
    expect(rediscovered.failures).toEqual([]);
    expect(findingsOf(rediscovered, 'P401')).toEqual([]);
    expect(created.after).toContain('dockerfile: api/Dockerfile');
    expect(created.after).toContain("severity: 'HIGH,CRITICAL'");
    expect(created.after).toContain("exit-code: '1'");
    expect(created.after).toMatch(/schedule:\n\s+- cron: '[^']+'/);
    expect(created.after).toMatch(/uses: aquasecurity\/trivy-action@\d+\.\d+\.\d+\n/);
  });

  it('writes the new workflow with the line endings of the workflow it reports on', () => {
    const crlf = buildProject(['.'], [DOCKERFILE, ci('.github/workflows/b.yml', BUILD_WF.replace(/\n/g, '\r\n'))]);
    const text = findingsOf(crlf, 'P401')[0]!.fix!.edits({})[0]!.text;
    expect(text.split('\n').length - 1).toBe(text.split('\r\n').length - 1);
  });
});

describe('P402 docker-scan-retired', () => {
  it('does not rewrite inside a double-quoted scalar when the new text needs escaping', () => {
    const text = 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: "docker scan \\"$IMG\\""\n';
    const [finding] = findingsOf(buildProject(['.'], [ci('.github/workflows/a.yml', text)]), 'P402');
    expect(finding).toBeDefined();
    expect(finding!.fix).toBeNull();
    expect(finding!.advice).toMatch(/docker scout cves/);
  });

  it('reports each use with its own fingerprint', () => {
    const text = 'build:\n  script:\n    - docker scan a\n    - docker scan b\n';
    const found = findingsOf(buildProject(['.'], [ci('.gitlab-ci.yml', text)]), 'P402');
    expect(found.map((f) => f.fingerprint)).toEqual(['P402:.gitlab-ci.yml:jobs.build > docker scan', 'P402:.gitlab-ci.yml:jobs.build > docker scan#2']);
  });
});

describe('P403 unsigned-images', () => {
  it('is guidance only, with a cosign keyless step for the CI system', () => {
    const gh = 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: docker push a/b\n';
    const [g] = findingsOf(buildProject(['.'], [ci('.github/workflows/a.yml', gh)]), 'P403');
    expect(g!.fix).toBeNull();
    expect(g!.severity).toBe('info');
    expect(g!.advice).toContain('sigstore/cosign-installer');
    expect(g!.advice).toContain('id-token: write');
    expect(g!.advice).toContain('cosign sign --yes');
    const [l] = findingsOf(buildProject(['.'], [ci('.gitlab-ci.yml', 'p:\n  script:\n    - docker push a/b\n')]), 'P403');
    expect(l!.advice).toContain('aud: sigstore');
  });

  it('counts the push steps of a file in one finding', () => {
    const text = 'p:\n  script:\n    - docker push a/b\n    - docker push a/c\n';
    const found = findingsOf(buildProject(['.'], [ci('.gitlab-ci.yml', text)]), 'P403');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('2 push steps');
  });
});

describe('P401 in a repository below the working directory', () => {
  it('writes the workflow under that repository, with Dockerfile paths relative to it', () => {
    const project = buildProject(['demo'], [
      {path: 'demo/api/Dockerfile', kind: 'dockerfile', text: 'FROM node:22\n'},
      {path: 'other/Dockerfile', kind: 'dockerfile', text: 'FROM node:22\n'},
      ci('demo/.github/workflows/ci.yml', BUILD_WF),
    ]);
    const [edit] = findingsOf(project, 'P401')[0]!.fix!.edits({});
    expect(edit!.file).toBe('demo/.github/workflows/image-scan.yml');
    expect(edit!.text).toContain('dockerfile: api/Dockerfile\n            context: api\n');
    expect(edit!.text).not.toContain('other/Dockerfile');
  });

  it('appends GitLab jobs with paths relative to the folder of .gitlab-ci.yml, in the context the repository builds with', () => {
    const project = buildProject(['svc'], [
      {path: 'svc/docker/Dockerfile', kind: 'dockerfile', text: 'FROM node:22\n'},
      ci('svc/.gitlab-ci.yml', 'build:\n  script:\n    - docker build -f docker/Dockerfile .\n'),
    ]);
    const [edit] = findingsOf(project, 'P401')[0]!.fix!.edits({});
    expect(edit!.file).toBe('svc/.gitlab-ci.yml');
    // The pipeline builds docker/Dockerfile with the folder of .gitlab-ci.yml as its context.
    expect(edit!.text).toContain('-f "docker/Dockerfile" "."');
  });
});
