import {describe, expect, it} from 'vitest';
import {parseYaml} from '../../src/formats/yaml/parse.js';
import {ciFlavor, ciFlavorOf, readPipeline, topLevelStrings} from '../../src/formats/ci/pipeline.js';
import {supplyChainOf} from '../../src/formats/ci/supply-chain.js';
import {findDockerScans} from '../../src/formats/ci/docker-scan.js';
import {gitlabScanJob, scanStage, scanTargets, yamlStyle} from '../../src/formats/ci/generate.js';

const chainOf = (text: string, flavor: 'github' | 'gitlab' = 'github') => supplyChainOf(readPipeline(flavor, parseYaml(text, '1.2')), text);

describe('CI flavor', () => {
  it('comes from the path, else from the content', () => {
    expect(ciFlavor('.github/workflows/ci.yml')).toBe('github');
    expect(ciFlavor('sub/.github/workflows/ci.yaml')).toBe('github');
    expect(ciFlavor('.gitlab-ci.yml')).toBe('gitlab');
    expect(ciFlavor('ci.yml')).toBeNull();
    expect(ciFlavorOf('x.yml', parseYaml('on: push\njobs: {}\n', '1.2'))).toBe('github');
    expect(ciFlavorOf('x.yml', parseYaml('jobs:\n  a:\n    runs-on: ubuntu-latest\n', '1.2'))).toBe('github');
    expect(ciFlavorOf('x.yml', parseYaml('build:\n  script: [make]\n', '1.2'))).toBe('gitlab');
  });
});

describe('readPipeline', () => {
  it('reads GitHub run/uses/with/container with exact offsets', () => {
    const text = [
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    container: node:22',
      '    steps:',
      '      - run: "make image"',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          push: true',
      '          tags: a/b:c',
      '  call:',
      '    uses: org/repo/.github/workflows/x.yml@main',
      '',
    ].join('\n');
    const p = readPipeline('github', parseYaml(text, '1.2'));
    expect(p.jobs.map((j) => j.name)).toEqual(['build', 'call']);
    expect(p.commands).toHaveLength(1);
    const c = p.commands[0]!;
    expect(text.slice(c.start, c.end)).toBe('make image');
    expect(c.style).toBe('QUOTE_DOUBLE');
    expect(p.uses.map((u) => [u.job, u.action, u.with])).toEqual([
      ['build', 'docker/build-push-action', {push: 'true', tags: 'a/b:c'}],
      ['call', 'org/repo/.github/workflows/x.yml', {}],
    ]);
    expect(text.slice(p.uses[0]!.start, p.uses[0]!.end)).toBe('docker/build-push-action@v6');
    expect(p.images.map((i) => i.image)).toEqual(['node:22']);
  });

  it('reads GitLab scripts (strings, lists, nested lists), default, images, services and includes', () => {
    const text = [
      'include:',
      '  - template: Jobs/Container-Scanning.gitlab-ci.yml',
      '  - local: ci/other.yml',
      'stages: [build, test]',
      'default:',
      '  before_script: [echo hi]',
      'variables:',
      '  A: b',
      '.tpl:',
      '  script:',
      '    - - echo nested',
      'build:',
      '  image: {name: "gcr.io/kaniko-project/executor:debug"}',
      '  services: [docker:dind]',
      '  script: docker build .',
      '',
    ].join('\n');
    const docs = parseYaml(text, '1.2');
    const p = readPipeline('gitlab', docs);
    expect(p.jobs.map((j) => j.name)).toEqual(['.tpl', 'build']);
    expect(p.commands.map((c) => [c.job, c.text])).toEqual([
      ['default', 'echo hi'],
      ['.tpl', 'echo nested'],
      ['build', 'docker build .'],
    ]);
    expect(p.images.map((i) => i.image)).toEqual(['gcr.io/kaniko-project/executor:debug', 'docker:dind']);
    expect(p.includes.map((i) => i.text)).toEqual(['Jobs/Container-Scanning.gitlab-ci.yml', 'ci/other.yml']);
    expect(topLevelStrings(docs, 'stages')).toEqual(['build', 'test']);
  });

  it('skips odd shapes without throwing', () => {
    for (const text of ['jobs: 3\n', 'jobs:\n  a: [1]\n', 'jobs:\n  a:\n    steps: {x: 1}\n', '- a\n- b\n', '']) {
      expect(() => readPipeline('github', parseYaml(text, '1.2'))).not.toThrow();
      expect(() => readPipeline('gitlab', parseYaml(text, '1.2'))).not.toThrow();
    }
  });
});

describe('supply chain detection', () => {
  const wf = (steps: string) => `on: push\njobs:\n  j:\n    runs-on: x\n    steps:\n${steps}`;
  it.each([
    ['docker build', wf('      - run: docker build -t a .\n'), true],
    ['docker image build', wf('      - run: docker image build .\n'), true],
    ['buildx', wf('      - run: docker buildx build --platform linux/amd64 .\n'), true],
    ['build-push-action', wf('      - uses: docker/build-push-action@v6\n'), true],
    ['podman', wf('      - run: podman build .\n'), true],
    ['buildah', wf('      - run: buildah bud -t x .\n'), true],
    ['kaniko', wf('      - run: /kaniko/executor --context . --no-push\n'), true],
    ['comment only', wf('      - run: |\n          # docker build .\n          make\n'), false],
    ['npm build', wf('      - run: npm run build\n'), false],
  ])('build: %s', (_name, text, builds) => {
    expect(chainOf(text).builds.length > 0).toBe(builds);
  });

  it.each([
    ['trivy image', wf('      - run: trivy image --exit-code 1 x\n'), true],
    ['trivy via docker', wf('      - run: docker run aquasec/trivy:0.69.3 image x\n'), true],
    ['trivy fs only', wf('      - run: trivy fs .\n'), false],
    ['trivy-action image', wf('      - uses: aquasecurity/trivy-action@0.36.0\n        with:\n          image-ref: x\n'), true],
    ['trivy-action config', wf('      - uses: aquasecurity/trivy-action@0.36.0\n        with:\n          scan-type: config\n'), false],
    ['grype', wf('      - run: grype x:1\n'), true],
    ['anchore', wf('      - uses: anchore/scan-action@v6\n'), true],
    ['scout', wf('      - run: docker scout cves x\n'), true],
    ['snyk', wf('      - run: snyk container test x\n'), true],
    ['retired docker scan still counts (P402 reports it)', wf('      - run: docker scan x\n'), true],
  ])('scan: %s', (_name, text, scans) => {
    expect(chainOf(text).scans).toBe(scans);
  });

  it('GitLab Container Scanning template and Auto DevOps count as scans', () => {
    expect(chainOf('include:\n  - template: Security/Container-Scanning.gitlab-ci.yml\n', 'gitlab').scans).toBe(true);
    expect(chainOf('include:\n  template: Auto-DevOps.gitlab-ci.yml\n', 'gitlab').scans).toBe(true);
    expect(chainOf('include:\n  - template: Jobs/SAST.gitlab-ci.yml\n', 'gitlab').scans).toBe(false);
  });

  it.each([
    ['docker push', wf('      - run: docker push a/b\n'), true],
    ['buildx --push', wf('      - run: docker buildx build --push -t a .\n'), true],
    ['build-push-action push true', wf('      - uses: docker/build-push-action@v6\n        with:\n          push: true\n'), true],
    ['build-push-action push expression', wf("      - uses: docker/build-push-action@v6\n        with:\n          push: ${{ github.ref == 'refs/heads/main' }}\n"), true],
    ['build-push-action default', wf('      - uses: docker/build-push-action@v6\n'), false],
    ['kaniko no-push', wf('      - run: /kaniko/executor --no-push --destination x\n'), false],
    ['kaniko destination', wf('      - run: /kaniko/executor --destination x\n'), true],
    ['crane', wf('      - run: crane push img.tar a/b\n'), true],
  ])('push: %s', (_name, text, pushes) => {
    expect(chainOf(text).pushes.length > 0).toBe(pushes);
  });

  it('narrows a multi-line script finding to the matching line', () => {
    const text = wf('      - run: |\n          echo one\n          docker push a/b:1\n');
    const push = chainOf(text).pushes[0]!;
    expect(text.slice(push.start, push.end)).toBe('docker push a/b:1');
  });
});

describe('docker scan replacement', () => {
  const one = (raw: string) => {
    const found = findDockerScans(raw, 100);
    expect(found).toHaveLength(1);
    return {...found[0]!, text: raw.slice(found[0]!.start - 100, found[0]!.end - 100)};
  };
  it.each([
    ['docker scan img:1', 'docker scout cves --exit-code --only-severity critical,high img:1'],
    ['docker scan --accept-license --severity low img', 'docker scout cves --exit-code --only-severity critical,high,medium,low img'],
    ['docker scan --severity=medium --file Dockerfile img', 'docker scout cves --exit-code --only-severity critical,high,medium img'],
    ['docker scan --exclude-base --json "$IMAGE"', 'docker scout cves --exit-code --only-severity critical,high --ignore-base "$IMAGE"'],
    ['docker scan ${{ env.IMAGE }}', 'docker scout cves --exit-code --only-severity critical,high ${{ env.IMAGE }}'],
    ['docker  scan\tx', 'docker scout cves --exit-code --only-severity critical,high x'],
  ])('%s', (raw, replacement) => {
    expect(one(raw).replacement).toBe(replacement);
  });

  it('covers exactly the command and its arguments', () => {
    expect(one('set -e; docker scan img && echo ok').text).toBe('docker scan img');
    expect(one('docker scan img 2>&1 | tee out').text).toBe('docker scan img');
    expect(one('docker scan img > report.txt').text).toBe('docker scan img');
    expect(one('(docker scan img)').text).toBe('docker scan img');
  });

  it.each([
    ['docker scan --login --token x'],
    ['docker scan --version'],
    ['docker scan'],
    ['docker scan a b'],
    ['docker scan --severity extreme img'],
    ['docker scan --frobnicate img'],
    ['docker scan \\\n  img'],
    ['docker scan "img'],
  ])('no replacement for %s', (raw) => {
    expect(findDockerScans(raw, 0)[0]!.replacement).toBeNull();
  });

  it('ignores comments, other commands and other words', () => {
    expect(findDockerScans('# docker scan img', 0)).toEqual([]);
    expect(findDockerScans('docker scout cves img', 0)).toEqual([]);
    expect(findDockerScans('docker scanner img', 0)).toEqual([]);
    expect(findDockerScans('mydocker scan img', 0)).toEqual([]);
  });

  it('finds each use in a script', () => {
    expect(findDockerScans('docker scan a\ndocker scan b\n', 0).map((f) => f.replacement)).toEqual([
      'docker scout cves --exit-code --only-severity critical,high a',
      'docker scout cves --exit-code --only-severity critical,high b',
    ]);
  });
});

describe('generated text', () => {
  it('names scan targets after their path, uniquely, and skips unquotable paths', () => {
    expect(scanTargets(['Dockerfile', 'api/Dockerfile', 'web/Dockerfile.prod', 'tools/ci.Dockerfile', 'API/Dockerfile', 'my app/Dockerfile', 'Containerfile'])).toEqual([
      {name: 'app', dockerfile: 'Dockerfile', context: '.', buildArgs: []},
      {name: 'api', dockerfile: 'api/Dockerfile', context: 'api', buildArgs: []},
      {name: 'web-prod', dockerfile: 'web/Dockerfile.prod', context: 'web', buildArgs: []},
      {name: 'tools-ci', dockerfile: 'tools/ci.Dockerfile', context: 'tools', buildArgs: []},
      {name: 'api-2', dockerfile: 'API/Dockerfile', context: 'API', buildArgs: []},
      {name: 'app-2', dockerfile: 'Containerfile', context: '.', buildArgs: []},
    ]);
  });

  it('detects the indentation style of a YAML file', () => {
    expect(yamlStyle('a:\n  b: 1\n  c:\n    - x\n')).toEqual({indent: '  ', seqIndented: true});
    expect(yamlStyle('a:\n    b: 1\nc:\n- x\n')).toEqual({indent: '    ', seqIndented: false});
    expect(yamlStyle('# only a comment\n')).toEqual({indent: '  ', seqIndented: true});
    expect(yamlStyle('a: |\n    text\nb:\n   c: 1\n')).toEqual({indent: '   ', seqIndented: true});
  });

  it('picks a declared stage for the GitLab job', () => {
    expect(scanStage(null)).toBe('test');
    expect(scanStage(['build', 'test', 'deploy'])).toBe('test');
    expect(scanStage(['build', 'deploy'])).toBe('build');
  });

  it('writes a GitLab job that parses and scans each target', () => {
    const job = gitlabScanJob('image-scan', 'test', scanTargets(['Dockerfile', 'api/Dockerfile']), {indent: '  ', seqIndented: false});
    const docs = parseYaml(job, '1.2');
    const data = docs[0]!.toJS() as Record<string, {script: string[]; stage: string}>;
    expect(data['image-scan']!.stage).toBe('test');
    expect(data['image-scan']!.script).toHaveLength(4);
    expect(data['image-scan']!.script[1]).toContain('image --exit-code 1 --severity HIGH,CRITICAL');
    expect(job).toContain('\n  script:\n  - docker build');
  });
});
