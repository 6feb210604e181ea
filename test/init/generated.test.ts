/**
 * What `shipshape init` generates, for every stack and every combination of options: shipshape's
 * own check finds nothing, Compose files are valid Compose, every Kubernetes object keeps its
 * schema and every pod template meets the Restricted Pod Security Standard (an independent
 * checker), and the Kyverno and Gatekeeper manifests are valid for their CRDs.
 */
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parse, parseAllDocuments} from 'yaml';
import {runMain} from '../helpers/main.js';
import {templateSource} from '../../src/cli/init.js';
import {PARTS, secretChoices, type InitOptions, type Part} from '../../src/init/options.js';
import {planInit, type GeneratedFile} from '../../src/init/plan.js';
import {STACK_IDS, STACKS} from '../../src/init/stacks.js';
import {composeSchemaErrors} from '../helpers/compose-schema.js';
import {checkManifest, loadManifests} from '../helpers/pss-checker.js';
import {compileStrict, constraintSchema, errorsOf, vendoredSchema} from '../helpers/crd-schema.js';

const source = templateSource();

/** Every subset of the parts. */
const SUBSETS: Array<Set<Part>> = Array.from({length: 1 << PARTS.length}, (_, mask) => new Set(PARTS.filter((_, i) => mask & (1 << i))));

/** Every stack x every subset x every secret backend that fits it; names, ports and folders vary. */
const COMBOS: InitOptions[] = STACK_IDS.flatMap((stack, s) =>
  SUBSETS.flatMap((parts, p) =>
    secretChoices(parts).map((secrets, b) => ({
      stack,
      name: `${stack}-svc${p}${b}`,
      port: (s + p + b) % 2 === 0 ? STACKS[stack].defaultPort : 9000 + p,
      parts,
      secrets,
      repo: p % 3 === 0 ? 'Acme-Corp/Shop' : 'acme/shop',
      context: p % 4 === 1 ? 'services/api' : '.',
    })),
  ),
);

const label = (o: InitOptions) => `${o.stack} --with ${[...o.parts].join(',') || 'none'} --secrets ${o.secrets} --port ${o.port}${o.context === '.' ? '' : ` (in ${o.context})`}`;

const generated = COMBOS.map((options) => ({options, files: planInit(options, source).files}));
/** Each distinct generated text once, by path (the schema checks need each text only once). */
const distinct = (suffix: (path: string) => boolean): GeneratedFile[] => {
  const seen = new Map<string, GeneratedFile>();
  for (const {files} of generated) for (const f of files) if (suffix(f.path)) seen.set(f.text, f);
  return [...seen.values()];
};

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'shipshape-init-all-'));
});
afterAll(async () => {
  await rm(work, {recursive: true, force: true});
});

const check = (dir: string) => runMain(['check', '--format', 'json', '--fail-on', 'info', dir], work, {env: {NO_COLOR: '1'}});

describe('shipshape init: every stack and combination of options', () => {
  it(`covers ${STACK_IDS.length} stacks, ${SUBSETS.length} sets of parts and each secret backend (${COMBOS.length} combinations)`, () => {
    expect(COMBOS.length).toBe(STACK_IDS.length * SUBSETS.reduce((n, parts) => n + secretChoices(parts).length, 0));
    for (const {files} of generated) {
      expect(files.map((f) => f.path)).toContain('Dockerfile');
      expect(files.map((f) => f.path)).toContain('.dockerignore');
    }
  });

  it('shipshape check reports zero findings (info included) and reads every file', async () => {
    const failures: string[] = [];
    for (const [i, {options, files}] of generated.entries()) {
      const dir = join(work, String(i));
      const out = join(dir, options.context);
      for (const f of files) {
        await mkdir(dirname(join(out, f.path)), {recursive: true});
        await writeFile(join(out, f.path), f.text);
      }
      const r = await check(String(i));
      const report = JSON.parse(r.stdout) as {files: Array<{path: string}>; findings: Array<{rule: string; path: string; line: number; message: string}>};
      const read = report.files.length;
      const expected = files.filter((f) => !f.path.endsWith('.dockerignore') && !f.path.endsWith('.gitignore') && !f.path.endsWith('.conf')).length;
      if (r.code !== 0 || report.findings.length > 0 || r.stderr !== '' || read !== expected) {
        failures.push(`${label(options)}: exit ${r.code}, read ${read}/${expected}\n${r.stderr}${report.findings.map((f) => `  ${f.rule} ${f.path}:${f.line} ${f.message}`).join('\n')}`);
      }
    }
    expect(failures).toEqual([]);
  }, 240_000);

  it('Compose files validate against the Compose Specification', () => {
    const files = distinct((p) => p === 'compose.yaml');
    expect(files.length).toBeGreaterThanOrEqual(STACK_IDS.length);
    for (const f of files) expect(composeSchemaErrors(f.text), f.text).toEqual([]);
  });

  it('every pod template passes the independent Restricted checker, with a read-only root filesystem and limits', () => {
    const deployments = distinct((p) => p === 'k8s/deployment.yaml');
    expect(deployments.length).toBeGreaterThanOrEqual(STACK_IDS.length * 2);
    for (const f of deployments) {
      expect(checkManifest(f.text), f.text).toEqual([]);
      const [deployment] = loadManifests(f.text) as Array<{spec: {template: {spec: {containers: Array<{securityContext: {readOnlyRootFilesystem: boolean}; resources: {requests: object; limits: object}}>}}}}>;
      for (const c of deployment!.spec.template.spec.containers) {
        expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
        expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'memory']);
        expect(Object.keys(c.resources.limits).sort()).toEqual(['cpu', 'memory']);
      }
    }
  });

  it('every Kubernetes object keeps its schema (kubernetes-models)', async () => {
    const problems: string[] = [];
    for (const f of distinct((p) => p.startsWith('k8s/') && p !== 'k8s/kustomization.yaml')) {
      for (const object of loadManifests(f.text) as Array<{apiVersion: string; kind: string}>) {
        const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0]! : '';
        const version = object.apiVersion.split('/').at(-1)!;
        const mod = (await import(group === '' ? `kubernetes-models/${version}/${object.kind}` : `kubernetes-models/${group}/${version}/${object.kind}`)) as Record<string, new (o: unknown) => {validate(): void}>;
        try {
          new mod[object.kind]!(object).validate();
        } catch (error) {
          problems.push(`${f.path} ${object.kind}: ${(error as Error).message}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('the quota fits the Deployment during a rolling update, Vault Agent included', () => {
    const quantity = (q: string | number): number => {
      const text = String(q);
      if (text.endsWith('m')) return Number(text.slice(0, -1)) / 1000;
      if (text.endsWith('Gi')) return Number(text.slice(0, -2)) * 1024;
      if (text.endsWith('Mi')) return Number(text.slice(0, -2));
      return Number(text);
    };
    for (const {options, files} of generated.filter((g) => g.options.parts.has('k8s'))) {
      const text = (p: string) => files.find((f) => f.path === p)!.text;
      const [, quota] = loadManifests(text('k8s/namespace.yaml')) as Array<{spec: {hard: Record<string, string>}}>;
      const [deployment] = loadManifests(text('k8s/deployment.yaml')) as Array<{spec: {replicas: number; strategy: {rollingUpdate: {maxSurge: number}}; template: {spec: {containers: Array<{resources: {requests: Record<string, string>; limits: Record<string, string>}}>}}}}>;
      const pods = deployment!.spec.replicas + deployment!.spec.strategy.rollingUpdate.maxSurge;
      const agent = options.secrets === 'vault' ? {requests: {cpu: '250m', memory: '64Mi'}, limits: {cpu: '500m', memory: '128Mi'}} : null;
      const containers = [...deployment!.spec.template.spec.containers.map((c) => c.resources), ...(agent ? [agent] : [])];
      const sum = (pick: (r: {requests: Record<string, string>; limits: Record<string, string>}) => string) => pods * containers.reduce((n, r) => n + quantity(pick(r)), 0);
      expect(quantity(quota!.spec.hard.pods!), label(options)).toBe(pods);
      expect(quantity(quota!.spec.hard['requests.cpu']!), label(options)).toBeCloseTo(sum((r) => r.requests.cpu!));
      expect(quantity(quota!.spec.hard['limits.cpu']!), label(options)).toBeCloseTo(sum((r) => r.limits.cpu!));
      expect(quantity(quota!.spec.hard['requests.memory']!), label(options)).toBe(sum((r) => r.requests.memory!));
      expect(quantity(quota!.spec.hard['limits.memory']!), label(options)).toBe(sum((r) => r.limits.memory!));
    }
  });

  it('the Kyverno ClusterPolicies validate against Kyverno 1.19’s CRD schema', () => {
    const validate = compileStrict(vendoredSchema('kyverno-clusterpolicy-v1.json'));
    const files = distinct((p) => p.startsWith('policy/kyverno/'));
    expect(new Set(files.map((f) => f.path)).size).toBe(7);
    for (const f of files) {
      const objects = loadManifests(f.text) as Array<{apiVersion: string; kind: string}>;
      expect(objects.map((o) => `${o.apiVersion} ${o.kind}`)).toEqual(['kyverno.io/v1 ClusterPolicy']);
      expect(errorsOf(validate, objects[0]), f.path).toEqual([]);
    }
  });

  it('the Gatekeeper templates validate against Gatekeeper 3.23’s CRD schema, and each constraint against the schema its template makes', () => {
    const validateTemplate = compileStrict(vendoredSchema('gatekeeper-constrainttemplate-v1.json'));
    const match = vendoredSchema('gatekeeper-match.json');
    const constraintValidators = new Map<string, ReturnType<typeof compileStrict>>();
    const validateConstraint = (template: {metadata: {name: string}}, text: string) => {
      const key = `${template.metadata.name}\n${text}`;
      if (!constraintValidators.has(key)) constraintValidators.set(key, compileStrict(constraintSchema(template as never, match)));
      return constraintValidators.get(key)!;
    };
    for (const {options, files} of generated.filter((g) => g.options.parts.has('policy'))) {
      const templates = loadManifests(files.find((f) => f.path === 'policy/gatekeeper/templates.yaml')!.text) as Array<{apiVersion: string; kind: string; metadata: {name: string}; spec: {crd: {spec: {names: {kind: string}}}}}>;
      const constraints = loadManifests(files.find((f) => f.path === 'policy/gatekeeper/constraints.yaml')!.text) as Array<{apiVersion: string; kind: string}>;
      expect(templates.length, label(options)).toBe(options.parts.has('ci') ? 7 : 6);
      expect(constraints.map((c) => c.kind)).toEqual(templates.map((t) => t.spec.crd.spec.names.kind));
      const templatesText = files.find((f) => f.path === 'policy/gatekeeper/templates.yaml')!.text;
      for (const [i, template] of templates.entries()) {
        expect(template.apiVersion).toBe('templates.gatekeeper.sh/v1');
        expect(errorsOf(validateTemplate, template), template.metadata.name).toEqual([]);
        // Gatekeeper requires the template's name to be its kind in lowercase.
        expect(template.metadata.name).toBe(template.spec.crd.spec.names.kind.toLowerCase());
        const constraint = constraints[i]!;
        expect(constraint.apiVersion).toBe('constraints.gatekeeper.sh/v1beta1');
        expect(errorsOf(validateConstraint(template, templatesText), constraint), constraint.kind).toEqual([]);
      }
    }
  });

  it('the schema checks refuse what the API server would: an unknown field, a wrong type, a constraint parameter the template does not declare', () => {
    const kyverno = compileStrict(vendoredSchema('kyverno-clusterpolicy-v1.json'));
    const policy = loadManifests(distinct((p) => p === 'policy/kyverno/disallow-latest-tag.yaml')[0]!.text)[0] as {spec: Record<string, unknown>};
    expect(errorsOf(kyverno, {...policy, spec: {...policy.spec, validationFailureActon: 'Enforce'}}).join()).toMatch(/must NOT have additional properties/);
    expect(errorsOf(kyverno, {...policy, spec: {...policy.spec, background: 'yes'}}).join()).toMatch(/must be boolean/);
    const {files} = generated.find((g) => g.options.parts.has('policy') && g.options.parts.has('ci'))!;
    const templates = loadManifests(files.find((f) => f.path === 'policy/gatekeeper/templates.yaml')!.text) as Array<{spec: {crd: {spec: {names: {kind: string}}}}}>;
    const signed = templates.find((t) => t.spec.crd.spec.names.kind === 'K8sSignedImages')!;
    const constraint = (loadManifests(files.find((f) => f.path === 'policy/gatekeeper/constraints.yaml')!.text) as Array<{kind: string; spec: {parameters: object}}>).find((c) => c.kind === 'K8sSignedImages')!;
    const validate = compileStrict(constraintSchema(signed as never, vendoredSchema('gatekeeper-match.json')));
    expect(errorsOf(validate, constraint)).toEqual([]);
    expect(errorsOf(validate, {...constraint, spec: {...constraint.spec, parameters: {...constraint.spec.parameters, repo: 'x'}}}).join()).toMatch(/must NOT have additional properties/);
  });

  it('the policies cover what shipshape checks, and trust only the CI workflow’s signature on this service’s image', () => {
    const {files} = generated.find((g) => g.options.parts.size === PARTS.length && g.options.repo === 'Acme-Corp/Shop')!;
    const names = files.filter((f) => f.path.startsWith('policy/kyverno/')).map((f) => (parse(f.text) as {metadata: {name: string}}).metadata.name);
    expect(names.sort()).toEqual(['disallow-latest-tag', 'disallow-privilege-escalation', 'require-drop-all-capabilities', 'require-read-only-root-filesystem', 'require-requests-limits', 'require-run-as-non-root', expect.stringMatching(/^verify-.*-image-signature$/)]);
    const verify = parse(files.find((f) => f.path === 'policy/kyverno/verify-image-signature.yaml')!.text) as {metadata: {name: string}; spec: {rules: Array<{verifyImages: Array<{imageReferences: string[]; attestors: Array<{entries: Array<{keyless: {subject: string; issuer: string}}>}>}>}>}};
    const rule = verify.spec.rules[0]!.verifyImages[0]!;
    const name = verify.metadata.name.replace(/^verify-|-image-signature$/g, '');
    expect(rule.imageReferences).toEqual([`ghcr.io/acme-corp/${name}*`]);
    const workflow = files.find((f) => f.path.endsWith(`${name}-image.yml`))!;
    expect(rule.attestors[0]!.entries[0]!.keyless).toMatchObject({issuer: 'https://token.actions.githubusercontent.com', subject: `https://github.com/Acme-Corp/Shop/.github/workflows/${name}-image.yml@refs/heads/main`});
    // The workflow pushes where the policy looks, and signs what it pushed by digest.
    expect(workflow.text).toContain(`IMAGE=ghcr.io/\${GITHUB_REPOSITORY_OWNER,,}/${name}`);
    expect(workflow.text).toMatch(/cosign sign --yes "\$\{IMAGE\}@\$\{DIGEST\}"/);
    const deployment = files.find((f) => f.path === 'k8s/deployment.yaml')!.text;
    expect(deployment).toContain(`image: ghcr.io/acme-corp/${name}:0.1.0`);
  });

  it('without the CI workflow no signature policy is written (it would refuse every image)', () => {
    for (const {options, files} of generated.filter((g) => g.options.parts.has('policy') && !g.options.parts.has('ci'))) {
      expect(files.map((f) => f.path).filter((p) => p.includes('signature')), label(options)).toEqual([]);
      expect(files.find((f) => f.path === 'policy/gatekeeper/templates.yaml')!.text).not.toContain('K8sSignedImages');
    }
  });

  it('the CI workflow scans on push, pull requests and weekly, fails on HIGH/CRITICAL, and lives at the repository root', () => {
    for (const {options, files} of generated.filter((g) => g.options.parts.has('ci'))) {
      const workflow = files.find((f) => f.path.includes('.github/workflows/'))!;
      expect(workflow.path).toBe(`${options.context === '.' ? '' : '../../'}.github/workflows/${options.name}-image.yml`);
      const doc = parseAllDocuments(workflow.text)[0]!.toJS() as {on: Record<string, unknown>; jobs: {image: {steps: Array<{uses?: string; with?: Record<string, unknown>}>}}};
      expect(Object.keys(doc.on).sort()).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch']);
      const trivy = doc.jobs.image.steps.find((s) => s.uses?.startsWith('aquasecurity/trivy-action'))!;
      expect(trivy.with).toMatchObject({'exit-code': '1', severity: 'HIGH,CRITICAL'});
      const builds = doc.jobs.image.steps.filter((s) => s.uses?.startsWith('docker/build-push-action'));
      expect(builds.map((b) => b.with!.context)).toEqual([options.context, options.context]);
    }
  });

  it('the Dockerfile runs as the user the D101 knowledge gives its base, by number, with secrets only through secret mounts', () => {
    for (const stack of STACK_IDS) {
      const {files} = generated.find((g) => g.options.stack === stack)!;
      const dockerfile = files.find((f) => f.path === 'Dockerfile')!.text;
      const expected = {node: '1000:1000', python: '10001:10001', go: '65532:65532', java: '10001:10001', static: '101:101'}[stack];
      expect(dockerfile.match(/^USER (.+)$/gm), stack).toEqual([`USER ${expected}`]);
      expect(dockerfile).toMatch(/--mount=type=secret,id=\w+,target=/);
      expect(dockerfile).toMatch(/--mount=type=cache,target=/);
      expect(dockerfile).not.toMatch(/^(ARG|ENV) .*(TOKEN|PASSWORD|SECRET)/m);
      expect(dockerfile.match(/^FROM /gm)!.length).toBe(2);
      expect(dockerfile).toMatch(/^CMD \[/m);
      expect(/^HEALTHCHECK /m.test(dockerfile)).toBe(STACKS[stack].healthcheck !== null);
    }
  });
});
