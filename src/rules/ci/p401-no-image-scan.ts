import type {Edit, Fix, FindingDraft, FixParam, ParamValues} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {withEol} from '../../core/text.js';
import type {YamlSource} from '../../core/source.js';
import type {Project} from '../../core/project.js';
import {buildsImages, dockerfilesUnder, repoCi, repoRootOf, reportTarget, scansImages, type CiFile} from '../../formats/ci/repo.js';
import {buildArgsOf} from '../../knowledge/build-args.js';
import {gitlabScanJob, imageScanWorkflow, scanStage, scanTargets, yamlStyle, WEEKLY_CRON, type ScanTarget} from '../../formats/ci/generate.js';
import {topLevelKeyRange, topLevelKeys, topLevelStrings} from '../../formats/ci/pipeline.js';
import {BUILD_STEP, workflowExample} from './common.js';

const docs = `## What it does
Reports a repository that builds container images (it has a Dockerfile, or a pipeline runs
\`docker build\`, \`docker buildx\`, \`docker/build-push-action\`, kaniko or buildah) while no CI job
scans an image for known vulnerabilities (Trivy, \`aquasecurity/trivy-action\`, Grype,
\`anchore/scan-action\`, \`docker scout cves\`, \`snyk container test\`, GitLab Container Scanning, …).

The finding is about the whole repository, so it is reported once: on the first GitHub workflow that
builds images (else \`.gitlab-ci.yml\` if it builds, else the first workflow). Rules run on files,
so a repository with Dockerfiles but **no CI file at all** gets no P401 finding: there is no
pipeline to put the scan in. Add a pipeline first (\`shipshape init\` writes one), then P401 applies.

## Why it matters
Base images and packages collect known vulnerabilities (CVEs) after they are built. Without a scan
that fails the pipeline, a critical vulnerability ships unnoticed and nobody learns when a new one
is published for an image that did not change. A scheduled scan catches the second case.

## Example
${workflowExample('build', [BUILD_STEP])}

## Use instead
${workflowExample(
  'build',
  [
    '- run: docker build -t example/api:${{ github.sha }} .',
    '- uses: aquasecurity/trivy-action@0.36.0',
    '  with:',
    "    image-ref: 'example/api:${{ github.sha }}'",
    "    exit-code: '1'",
    "    severity: 'HIGH,CRITICAL'",
    '    ignore-unfixed: true',
  ],
  {on: ['push:', 'pull_request:', 'schedule:', "  - cron: '17 4 * * 1'"]},
)}

## Fix safety
Unsafe. On GitHub the fix writes a new workflow, \`.github/workflows/image-scan.yml\`, that
builds every Dockerfile of the repository (\`docker build -t … -f <path> <its folder>\`) and scans
it with \`${'aquasecurity/trivy-action'}\` pinned to a version (\`exit-code: '1'\`,
\`severity: 'HIGH,CRITICAL'\`, and \`ignore-unfixed: true\` unless the fix's \`ignoreUnfixed\` parameter is
set to false), on push, on pull requests and weekly
(\`cron: '${WEEKLY_CRON}'\`). On GitLab it appends an \`image-scan\` job to \`.gitlab-ci.yml\` in the
file's own indentation: Docker-in-Docker builds each image and the Trivy image scans it with
\`--exit-code 1 --severity HIGH,CRITICAL\`; add a weekly pipeline schedule for the re-scan. Existing
files are never overwritten. The new job can fail pipelines that passed before (that is its
purpose).

Each image is built the way the repository builds it: with the build arguments and the context its
Compose file (\`build.args\`, \`build.context\`), its workflows (\`docker build --build-arg …\`,
\`docker/build-push-action\`'s \`build-args\`) or its Makefile (\`--build-arg ARCH=$(ARCH)\` with
\`ARCH ?= amd64\`) give it, else its own folder as the context and no arguments. A Dockerfile that
needs an argument (an \`ARG\` without default used in \`FROM\`, \`COPY\`, \`ADD\`, \`EXPOSE\`,
\`WORKDIR\` or \`USER\`) none of them gives a known value is left out of the job, and the finding
and the job's header say which argument is missing: building it without would fail or build
another image (\`FROM …:latest-$ARCH\` becomes \`latest-\`). Secret values are never copied. Without
a Dockerfile in the repository there is nothing to build, so no fix is offered.
`;

/** Trivy's `--ignore-unfixed`: without it, a vulnerability nobody can fix yet blocks every pipeline. */
const IGNORE_UNFIXED: FixParam = {
  name: 'ignoreUnfixed',
  label: 'Ignore vulnerabilities that have no fix yet (true/false)',
  default: 'true',
  choices: ['true', 'false'],
  validate: (v) => (v === 'true' || v === 'false' ? null : 'must be true or false'),
};
const ignoreUnfixed = (params: ParamValues) => (params['ignoreUnfixed'] ?? IGNORE_UNFIXED.default) !== 'false';

const NEW_WORKFLOWS = ['.github/workflows/image-scan.yml', '.github/workflows/shipshape-image-scan.yml'];
const GITLAB_JOB_NAMES = ['image-scan', 'shipshape-image-scan', 'shipshape-trivy-scan'];

export const p401NoImageScan = defineRule({
  id: 'P401',
  name: 'no-image-scan',
  kind: 'ci',
  severity: 'medium',
  title: 'Images are built but no CI job scans them for vulnerabilities',
  docs,
  references: [],
  links: {
    'Trivy, image scanning': 'https://trivy.dev/latest/docs/target/container_image/',
    'aquasecurity/trivy-action': 'https://github.com/aquasecurity/trivy-action',
    'GitLab Container Scanning': 'https://docs.gitlab.com/user/application_security/container_scanning/',
  },
  controls: ['cis-docker:4.4'],
  fix: 'unsafe',
  *check(source, ctx): Iterable<FindingDraft> {
    const repo = repoCi(ctx.project);
    if (!buildsImages(repo) || scansImages(repo)) return;
    const target = reportTarget(repo, ctx.project);
    if (!target || target.path !== source.path) return;
    const [start, end] = findingRange(target, source);
    const shown = repo.dockerfiles.slice(0, 3).join(', ') + (repo.dockerfiles.length > 3 ? `, … (${repo.dockerfiles.length} Dockerfiles)` : '');
    const what = repo.dockerfiles.length > 0 ? `builds container images (${shown})` : 'builds container images in CI';
    // The new job runs at the root of the repository the CI file belongs to; Dockerfile paths are relative to it.
    const root = repoRootOf(target.path);
    const {targets, notBuilt} = withRepositoryBuilds(ctx.project, root, scanTargets(dockerfilesUnder(repo, root)));
    const fix = target.flavor === 'github' ? githubFix(ctx.project, source, root, targets, notBuilt) : gitlabFix(source, target, targets, notBuilt);
    const unbuilt = notBuilt.length > 0 ? ` Not built by the scan job: ${notBuilt.join('; ')}.` : '';
    yield {
      start,
      end,
      message: `This repository ${what} but no CI job scans them for known vulnerabilities, so a vulnerable base image or package ships unnoticed`,
      locator: 'repository > image-scan',
      fix,
      advice: fix
        ? unbuilt.trim() || undefined
        : repo.dockerfiles.length === 0
          ? 'Add a job that builds the image and scans it with Trivy (`trivy image --exit-code 1 --severity HIGH,CRITICAL IMAGE`), on push and on a weekly schedule.'
          : targets.length === 0 && notBuilt.length > 0
            ? `Add a job that builds each image the way the repository does and scans it with Trivy (\`--exit-code 1 --severity HIGH,CRITICAL\`).${unbuilt}`
            : 'Add a job that scans each built image with Trivy (`--exit-code 1 --severity HIGH,CRITICAL`); shipshape found no free file or job name for it.',
    };
  },
});

/**
 * Each target built as the repository builds it: the build arguments (and context) its Compose
 * file, pipelines or Makefile pass. A Dockerfile that needs an argument none of them gives a known
 * value is left out, and said (`docker/Dockerfile needs ARTIFACT_NAME, …`).
 */
function withRepositoryBuilds(project: Project, root: string, targets: readonly ScanTarget[]): {targets: ScanTarget[]; notBuilt: string[]} {
  const out: ScanTarget[] = [];
  const notBuilt: string[] = [];
  for (const t of targets) {
    const found = buildArgsOf(project, root + t.dockerfile);
    if (found.missing.length > 0) {
      const names = found.missing.join(', ');
      notBuilt.push(`${t.dockerfile} needs the build argument${found.missing.length > 1 ? 's' : ''} ${names}, which no build of the repository (Compose build.args, a workflow, a Makefile) gives a known value; add ${found.missing.length > 1 ? 'them' : 'it'} to the scan with the context that build uses`);
      continue;
    }
    // The context the repository's build uses, when it lies inside the CI file's repository.
    const own = found.context === null ? null : root === '' ? found.context : found.context === root.slice(0, -1) ? '.' : found.context.startsWith(root) ? found.context.slice(root.length) : null;
    const context = own !== null && !own.startsWith('..') && /^[A-Za-z0-9_./-]+$/.test(own) ? own : t.context;
    out.push({...t, context, buildArgs: [...found.given].map(([name, v]) => [name, v.value] as const)});
  }
  return {targets: out, notBuilt};
}

/** The first build step of the target, else its `jobs:` key (GitHub) or first job (GitLab), else the start. */
function findingRange(target: CiFile, source: YamlSource): [number, number] {
  const build = target.chain.builds[0];
  if (build) return [build.start, build.end];
  const jobs = target.flavor === 'github' ? topLevelKeyRange(source.docs, 'jobs') : null;
  if (jobs) return jobs;
  const job = target.pipeline.jobs[0];
  if (job) return [job.start, job.end];
  return [0, source.lines.lineEnd(0)];
}

function githubFix(project: Project, source: YamlSource, root: string, targets: readonly ScanTarget[], notBuilt: readonly string[]): Fix | null {
  if (targets.length === 0) return null;
  const file = NEW_WORKFLOWS.map((path) => root + path).find((path) => !project.exists(path));
  if (!file) return null;
  return {
    title: `Add ${file}: build each image and fail on HIGH/CRITICAL vulnerabilities (Trivy), on push, pull requests and weekly`,
    safety: 'unsafe',
    params: [IGNORE_UNFIXED],
    risk: 'The new workflow fails when an image has HIGH or CRITICAL vulnerabilities with a fix; it builds each Dockerfile with its own folder as the build context.',
    edits: (params): Edit[] => [{file, start: 0, end: 0, text: withEol(imageScanWorkflow(targets, {ignoreUnfixed: ignoreUnfixed(params), notBuilt}), source.eol)}],
  };
}

function gitlabFix(source: YamlSource, target: CiFile, targets: readonly ScanTarget[], notBuilt: readonly string[]): Fix | null {
  if (targets.length === 0) return null;
  const keys = new Set(topLevelKeys(source.docs));
  const name = GITLAB_JOB_NAMES.find((n) => !keys.has(n));
  if (!name) return null;
  const text = source.text;
  const stage = scanStage(topLevelStrings(source.docs, 'stages'));
  const style = yamlStyle(text);
  let prefix = '';
  if (text.length > 0 && !text.endsWith('\n')) prefix = '\n\n';
  else if (text.length > 0 && !/\n[ \t]*\r?\n$/.test(text)) prefix = '\n';
  return {
    title: `Append a \`${name}\` job to ${target.path}: build each image and fail on HIGH/CRITICAL vulnerabilities (Trivy)`,
    safety: 'unsafe',
    params: [IGNORE_UNFIXED],
    risk: 'The new job fails the pipeline when an image has HIGH or CRITICAL vulnerabilities with a fix; it needs a runner that allows Docker-in-Docker (privileged), and a weekly pipeline schedule for re-scans.',
    edits: (params): Edit[] => [{file: source.path, start: text.length, end: text.length, text: withEol(prefix + gitlabScanJob(name, stage, targets, style, {ignoreUnfixed: ignoreUnfixed(params), notBuilt}), source.eol)}],
  };
}
