/**
 * What `shipshape init` writes for a set of options: the files (path relative to the service
 * folder, and text), rendered from templates/ with the values of the stack, and what the user does
 * next. Pure: the templates are read through the `TemplateSource` the caller gives.
 */
import {CHECKOUT_ACTION, COSIGN_INSTALLER, TRIVY_ACTION} from '../formats/ci/supply-chain.js';
import type {InitOptions} from './options.js';
import {STACKS, stackUser, type Resources} from './stacks.js';
import {renderTemplate, type TemplateVars} from './template.js';

export interface TemplateSource {
  /** The text of a file under templates/ (`/`-separated path). */
  read(path: string): string;
  /** The files under a folder of templates/, as paths from templates/, sorted. */
  list(folder: string): string[];
}

export interface GeneratedFile {
  /** Relative to the service folder, `/`-separated (the CI workflow may start with `../`). */
  path: string;
  text: string;
}

/** One file of the plan, with what is on disk where it goes. */
export interface InitFile {
  /** Relative to the working directory, `/`-separated. */
  display: string;
  absolute: string;
  text: string;
  /** `new`: nothing there; `same`: already that text (nothing to write); `differs`: another file is there. */
  status: 'new' | 'same' | 'differs';
  /** The text on disk (differs), to compare before overwriting. */
  current: string | null;
}

export interface InitPlan {
  files: GeneratedFile[];
  /** What to do before the service runs, one line each. */
  nextSteps: string[];
}

/** Pods of the Deployment: 2 replicas, plus 1 more while a rolling update runs (maxSurge). */
const REPLICAS = 2;
const SURGE = 1;
/** Vault Agent's default resources (vault-k8s: agent-requests-cpu 250m, -mem 64Mi; limits 500m, 128Mi). */
const VAULT_AGENT: Resources = {cpuRequest: '250m', cpuLimit: '500m', memoryRequestMi: 64, memoryLimitMi: 128, pids: 0};

const millicores = (cpu: string): number => (cpu.endsWith('m') ? Number(cpu.slice(0, -1)) : Number(cpu) * 1000);
const cpuQuantity = (m: number): string => (m % 1000 === 0 ? String(m / 1000) : `${m}m`);
const memoryQuantity = (mi: number): string => (mi % 1024 === 0 ? `${mi / 1024}Gi` : `${mi}Mi`);
/** Compose `cpus` is a number of CPUs: 500m -> 0.5. */
const composeCpus = (cpu: string): string => String(millicores(cpu) / 1000);
/** An exec-form command as JSON (Dockerfile) and YAML flow sequence (Compose): `["a", "b"]`. */
const execForm = (args: readonly string[]): string => `[${args.map((a) => JSON.stringify(a)).join(', ')}]`;

/** The image repository the CI workflow pushes to: ghcr.io/<owner>/<name> (GHCR wants lowercase). */
export function imageRepository(options: Pick<InitOptions, 'repo' | 'name'>): string {
  return `ghcr.io/${options.repo.split('/')[0]!.toLowerCase()}/${options.name}`;
}

export function workflowPath(name: string): string {
  return `.github/workflows/${name}-image.yml`;
}

function variables(options: InitOptions): TemplateVars {
  const stack = STACKS[options.stack];
  const user = stackUser(stack);
  const r = stack.resources;
  const port = String(options.port);
  const vault = options.secrets === 'vault';
  const perPod = (pick: (x: Resources) => number) => pick(r) + (vault ? pick(VAULT_AGENT) : 0);
  const pods = REPLICAS + SURGE;
  const probe = stack.healthcheck?.map((arg) => arg.replaceAll('{{port}}', port)) ?? null;
  return {
    name: options.name,
    port,
    uid: String(user.uid),
    gid: String(user.gid),
    buildImage: stack.buildImage,
    runtimeImage: stack.runtimeImage,
    createUserRun: user.create ?? '',
    healthcheck: probe !== null,
    healthcheckJson: probe ? execForm(probe) : '',
    healthcheckYaml: probe ? execForm(probe) : '',
    ...Object.fromEntries(['node', 'python', 'go', 'java', 'static'].map((id) => [`stack${id[0]!.toUpperCase()}${id.slice(1)}`, id === stack.id])),
    cpuRequest: r.cpuRequest,
    cpuLimit: r.cpuLimit,
    memoryRequest: memoryQuantity(r.memoryRequestMi),
    memoryLimit: memoryQuantity(r.memoryLimitMi),
    composeCpus: composeCpus(r.cpuLimit),
    composeMemoryLimit: `${r.memoryLimitMi}M`,
    composeMemoryReservation: `${r.memoryRequestMi}M`,
    pids: String(r.pids),
    quotaPods: String(pods),
    quotaRequestsCpu: cpuQuantity(pods * perPod((x) => millicores(x.cpuRequest))),
    quotaLimitsCpu: cpuQuantity(pods * perPod((x) => millicores(x.cpuLimit))),
    quotaRequestsMemory: memoryQuantity(pods * perPod((x) => x.memoryRequestMi)),
    quotaLimitsMemory: memoryQuantity(pods * perPod((x) => x.memoryLimitMi)),
    secretsK8s: options.secrets === 'k8s',
    secretsVault: vault,
    secretFile: vault ? '/vault/secrets/app_secret' : '/run/secrets/app_secret',
    image: imageRepository(options),
    repo: options.repo,
    workflowPath: workflowPath(options.name),
    signing: options.parts.has('ci'),
    context: options.context,
    checkoutAction: CHECKOUT_ACTION,
    trivyAction: TRIVY_ACTION,
    cosignInstaller: COSIGN_INSTALLER,
  };
}

interface Entry {
  template: string;
  output: string;
}

function entries(options: InitOptions, source: TemplateSource): Entry[] {
  const {stack, parts, name, context} = options;
  const out: Entry[] = [
    {template: `${stack}/Dockerfile`, output: 'Dockerfile'},
    {template: 'common/dockerignore', output: '.dockerignore'},
  ];
  if (stack === 'static') out.push({template: 'static/default.conf', output: 'nginx/default.conf'});
  if (parts.has('compose')) {
    out.push({template: 'compose/compose.yaml', output: 'compose.yaml'}, {template: 'common/secrets.gitignore', output: 'secrets/.gitignore'});
  }
  if (parts.has('k8s')) for (const t of source.list('k8s')) out.push({template: t, output: t});
  if (parts.has('policy')) {
    for (const t of source.list('policy')) {
      // The signature policy trusts the CI workflow's identity: without that workflow it would refuse every image.
      if (t.endsWith('/verify-image-signature.yaml') && !parts.has('ci')) continue;
      out.push({template: t, output: t});
    }
  }
  if (parts.has('ci')) {
    const up = context === '.' ? '' : context.split('/').map(() => '../').join('');
    out.push({template: 'ci/image.yml', output: `${up}${workflowPath(name)}`});
  }
  return out;
}

function nextSteps(options: InitOptions): string[] {
  const {name, parts, secrets} = options;
  const steps = [`The Dockerfile expects ${STACKS[options.stack].needs}, and a service that answers GET /healthz on port ${options.port}.`];
  if (parts.has('compose')) steps.push('Put the service\'s secret in secrets/app_secret (chmod 600) before `docker compose up`.');
  if (parts.has('k8s') && secrets === 'k8s') steps.push(`Create its Secret: kubectl -n ${name} create secret generic ${name}-secrets --from-file=app_secret=secrets/app_secret`);
  if (parts.has('k8s') && secrets === 'vault') {
    steps.push(`In Vault: the key app_secret at KV v2 path secret/${name}, and a Kubernetes auth role ${name} for service account ${name} in namespace ${name}.`);
  }
  if (parts.has('k8s')) steps.push('Deploy with `kubectl apply -k k8s/`.');
  if (parts.has('policy')) {
    steps.push('Install the policies once per cluster: `kubectl apply -f policy/kyverno/` (or policy/gatekeeper/templates.yaml, then constraints.yaml).');
    if (!parts.has('ci')) steps.push('No image signature policy was written: it trusts the CI workflow that signs (add ci).');
  }
  return steps;
}

export function planInit(options: InitOptions, source: TemplateSource): InitPlan {
  const vars = variables(options);
  const files = entries(options, source).map(({template, output}) => ({path: output, text: renderTemplate(source.read(template), vars, `templates/${template}`)}));
  return {files, nextSteps: nextSteps(options)};
}
