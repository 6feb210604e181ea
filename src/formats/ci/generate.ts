/**
 * Text the pipeline fixes write: a new GitHub workflow, or a job appended to `.gitlab-ci.yml` in
 * the file's own indentation style. Everything is built as text with `\n` and converted to the
 * file's line ending by the caller (withEol).
 */
import {posix} from 'node:path';
import {CHECKOUT_ACTION, DOCKER_DIND_IMAGE, DOCKER_IMAGE, TRIVY_ACTION, TRIVY_IMAGE} from './supply-chain.js';

/** An image to build and scan: a Dockerfile of the repo and its build context. */
export interface ScanTarget {
  /** A short image name derived from the path (`api`, `app-prod`). */
  name: string;
  dockerfile: string;
  context: string;
  /** `--build-arg` values the repository's own build passes (plain values only). */
  buildArgs: ReadonlyArray<readonly [string, string]>;
}

/** The `--build-arg K=V …` flags of a target ('' without any). */
export function buildArgFlags(target: ScanTarget): string {
  return target.buildArgs.map(([k, v]) => `--build-arg ${k}=${v}`).join(' ');
}

/** Paths the generated shell and YAML can carry without quoting problems. */
const SAFE_PATH = /^[A-Za-z0-9_./-]+$/;

/** One scan target per Dockerfile with a plain path; the build context is the Dockerfile's folder. */
export function scanTargets(dockerfiles: readonly string[]): ScanTarget[] {
  const used = new Set<string>();
  const out: ScanTarget[] = [];
  for (const dockerfile of dockerfiles) {
    if (!SAFE_PATH.test(dockerfile)) continue;
    const dir = posix.dirname(dockerfile);
    const base = posix.basename(dockerfile);
    const parts = dir === '.' ? [] : dir.split('/');
    const variant = /^(?:Dockerfile|Containerfile)\.(.+)$/i.exec(base)?.[1] ?? /^(.+)\.(?:Dockerfile|Containerfile)$/i.exec(base)?.[1];
    if (variant) parts.push(variant);
    let name = parts
      .join('-')
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
    if (!name) name = 'app';
    let unique = name;
    for (let i = 2; used.has(unique); i++) unique = `${name}-${i}`;
    used.add(unique);
    out.push({name: unique, dockerfile, context: dir, buildArgs: []});
  }
  return out;
}

/** A sentence as `# ` comment lines of at most 100 columns. */
function commentLines(text: string): string[] {
  const lines: string[] = [];
  let current = '#';
  for (const word of text.split(' ')) {
    if (current.length + 1 + word.length > 100 && current !== '#') {
      lines.push(current);
      current = '#  ';
    }
    current += ` ${word}`;
  }
  return [...lines, current];
}

/** The `cron` of the weekly scan (Monday 04:17 UTC: off the full hour, where GitHub queues pile up). */
export const WEEKLY_CRON = '17 4 * * 1';

/**
 * A new GitHub workflow that builds each target and fails on HIGH/CRITICAL vulnerabilities.
 * `notBuilt` lines (a Dockerfile and why) are said in its header.
 */
export function imageScanWorkflow(targets: readonly ScanTarget[], options: {ignoreUnfixed?: boolean; notBuilt?: readonly string[]} = {}): string {
  const ignoreUnfixed = options.ignoreUnfixed ?? true;
  const withArgs = targets.some((t) => t.buildArgs.length > 0);
  const include = targets.flatMap((t) => [
    `          - image: ${t.name}`,
    `            dockerfile: ${t.dockerfile}`,
    `            context: ${t.context}`,
    ...(t.buildArgs.length > 0 ? [`            build-args: ${buildArgFlags(t)}`] : []),
  ]);
  return [
    '# Added by shipshape (P401 no-image-scan): builds each image of the repository and fails',
    `# when it has HIGH or CRITICAL vulnerabilities${ignoreUnfixed ? ' that have a fix' : ''}. Runs on every push and pull`,
    '# request, and weekly, because new vulnerabilities are found in images that did not change.',
    ...(withArgs ? ['# Build arguments are those the repository\'s own build passes.'] : []),
    ...(options.notBuilt ?? []).flatMap((line) => commentLines(`Not built here: ${line}.`)),
    'name: image-scan',
    '',
    'on:',
    '  push:',
    '  pull_request:',
    '  schedule:',
    `    - cron: '${WEEKLY_CRON}'`,
    '  workflow_dispatch:',
    '',
    'permissions:',
    '  contents: read',
    '',
    'jobs:',
    '  trivy:',
    '    name: Trivy scan (${{ matrix.image }})',
    '    runs-on: ubuntu-latest',
    '    strategy:',
    '      fail-fast: false',
    '      matrix:',
    '        include:',
    ...include,
    '    steps:',
    `      - uses: ${CHECKOUT_ACTION}`,
    '        with:',
    '          persist-credentials: false',
    '      - name: Build ${{ matrix.dockerfile }}',
    `        run: docker build -t "shipshape-scan/\${{ matrix.image }}:\${{ github.sha }}"${withArgs ? ' ${{ matrix.build-args }}' : ''} -f "\${{ matrix.dockerfile }}" "\${{ matrix.context }}"`,
    '      - name: Scan for HIGH and CRITICAL vulnerabilities',
    `        uses: ${TRIVY_ACTION}`,
    '        with:',
    "          image-ref: 'shipshape-scan/${{ matrix.image }}:${{ github.sha }}'",
    "          exit-code: '1'",
    "          severity: 'HIGH,CRITICAL'",
    `          ignore-unfixed: ${ignoreUnfixed}`,
    '',
  ].join('\n');
}

/** How a YAML file indents: the unit of nested mappings and whether `- ` items sit deeper than their key. */
export interface YamlStyle {
  indent: string;
  seqIndented: boolean;
}

export function yamlStyle(text: string): YamlStyle {
  const lines = text.split(/\r?\n/);
  let indent: string | null = null;
  let seqIndented: boolean | null = null;
  const significant = (l: string) => l.trim() !== '' && !/^\s*#/.test(l);
  for (let i = 0; i < lines.length && (indent === null || seqIndented === null); i++) {
    const line = lines[i]!;
    const key = /^( *)[^\s#-][^#]*:\s*(?:#.*)?$/.exec(line);
    if (!key || line.trimEnd().endsWith('|') || line.trimEnd().endsWith('>')) continue;
    let j = i + 1;
    while (j < lines.length && !significant(lines[j]!)) j++;
    if (j >= lines.length) break;
    const next = lines[j]!;
    const keyIndent = key[1]!.length;
    const nextIndent = /^ */.exec(next)![0].length;
    const isItem = /^ *- /.test(next) || /^ *-$/.test(next);
    if (isItem) {
      if (seqIndented === null && nextIndent >= keyIndent) seqIndented = nextIndent > keyIndent;
      if (indent === null && nextIndent > keyIndent) indent = ' '.repeat(nextIndent - keyIndent);
    } else if (indent === null && nextIndent > keyIndent) {
      indent = ' '.repeat(nextIndent - keyIndent);
    }
  }
  return {indent: indent ?? '  ', seqIndented: seqIndented ?? true};
}

/**
 * A GitLab job that builds each target with Docker-in-Docker and scans it with the Trivy image,
 * written in the file's style. Trivy runs as a container of the dind daemon and reads the images
 * through the daemon's socket.
 */
export function gitlabScanJob(name: string, stage: string, targets: readonly ScanTarget[], style: YamlStyle, options: {ignoreUnfixed?: boolean; notBuilt?: readonly string[]} = {}): string {
  const ignoreUnfixed = options.ignoreUnfixed ?? true;
  const i1 = style.indent;
  const item = style.seqIndented ? `${i1}${i1}- ` : `${i1}- `;
  const script = targets.flatMap((t) => {
    const ref = `shipshape-scan/${t.name}:$CI_COMMIT_SHORT_SHA`;
    return [
      `${item}docker build -t "${ref}"${t.buildArgs.length > 0 ? ` ${buildArgFlags(t)}` : ''} -f "${t.dockerfile}" "${t.context}"`,
      `${item}docker run --rm -v /var/run/docker.sock:/var/run/docker.sock ${TRIVY_IMAGE} image --exit-code 1 --severity HIGH,CRITICAL${ignoreUnfixed ? ' --ignore-unfixed' : ''} "${ref}"`,
    ];
  });
  return [
    `# Added by shipshape (P401 no-image-scan): fails the pipeline on HIGH or CRITICAL vulnerabilities${ignoreUnfixed ? '' : '.'}`,
    ...(ignoreUnfixed ? ['# that have a fix.'] : []),
    '# Add a weekly pipeline schedule (CI/CD > Schedules) so unchanged images are re-scanned',
    '# for newly found vulnerabilities.',
    ...(options.notBuilt ?? []).flatMap((line) => commentLines(`Not built here: ${line}.`)),
    `${name}:`,
    `${i1}stage: ${stage}`,
    `${i1}image: ${DOCKER_IMAGE}`,
    `${i1}services:`,
    `${item}${DOCKER_DIND_IMAGE}`,
    `${i1}variables:`,
    `${i1}${i1}DOCKER_TLS_CERTDIR: "/certs"`,
    `${i1}script:`,
    ...script,
    '',
  ].join('\n');
}

/**
 * The stage for a scan job: `test` when the file has it (or declares no stages, so GitLab's default
 * stages apply), else the first stage. The job builds its own images, so it needs no earlier stage,
 * and a failure in an early stage stops the later ones (deploy).
 */
export function scanStage(stages: readonly string[] | null): string {
  if (!stages || stages.length === 0 || stages.includes('test')) return 'test';
  return stages[0]!;
}
