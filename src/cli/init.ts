/**
 * `shipshape init`: the flags (or the interactive flow, in a terminal) give the options; the pure
 * planner (src/init) renders templates/; this file reads templates/, looks at what already exists,
 * and writes through the same journaled write as `fix --write`, so `shipshape undo` takes it back
 * and an overwritten file keeps a backup.
 */
import {execFile} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';
import {readFile, stat} from 'node:fs/promises';
import {basename, dirname, join, relative, resolve, sep} from 'node:path';
import {promisify} from 'node:util';
import type {Args} from './args.js';
import {UsageError} from './args.js';
import {PACKAGE_ROOT, type Io} from './context.js';
import {hashText} from '../core/text.js';
import type {FilePlan} from '../core/plan.js';
import {writePlan, type WriteResult} from '../io/apply.js';
import {decode} from '../io/discover.js';
import {
  defaultPort,
  defaultSecrets,
  isStack,
  nameProblem,
  parseParts,
  PARTS,
  portProblem,
  repoProblem,
  SECRET_BACKENDS,
  secretsProblem,
  type InitAnswers,
  type InitOptions,
  type Part,
  type SecretBackend,
} from '../init/options.js';
import {planInit, type InitFile, type InitPlan, type TemplateSource} from '../init/plan.js';
import {STACK_IDS, STACKS, type StackId} from '../init/stacks.js';

const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');

/** templates/ on disk. */
export function templateSource(root = TEMPLATES_DIR): TemplateSource {
  const walk = (folder: string): string[] =>
    readdirSync(join(root, folder), {withFileTypes: true}).flatMap((e) => (e.isDirectory() ? walk(`${folder}/${e.name}`) : [`${folder}/${e.name}`]));
  return {read: (path) => readFileSync(join(root, path), 'utf8'), list: (folder) => walk(folder).sort()};
}

/** Where the service goes, and what git says about it. */
export interface InitTarget {
  /** The service folder (absolute). */
  outDir: string;
  /** The git repository's top folder, or null outside one. */
  gitRoot: string | null;
  /** The service folder relative to the repository root, `.` at the root. */
  context: string;
  /** owner/name of the GitHub `origin` remote, or null. */
  repo: string | null;
}

const run = promisify(execFile);

async function git(dir: string, args: string[]): Promise<string | null> {
  try {
    return (await run('git', ['-C', dir, ...args], {timeout: 5000})).stdout.trim();
  } catch {
    return null;
  }
}

/** owner/name from a GitHub remote URL (https, ssh or git@ form), or null. */
export function githubRepo(url: string): string | null {
  const m = /github\.com[:/]+([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+?)(?:\.git)?\/?$/.exec(url.trim());
  return m ? `${m[1]}/${m[2]}` : null;
}

async function nearestExisting(dir: string): Promise<string> {
  for (let d = dir; ; d = dirname(d)) {
    if (await stat(d).then((s) => s.isDirectory(), () => false)) return d;
    if (dirname(d) === d) return d;
  }
}

export async function resolveTarget(out: string, cwd: string): Promise<InitTarget> {
  const outDir = resolve(cwd, out);
  const probe = await nearestExisting(outDir);
  const top = await git(probe, ['rev-parse', '--show-toplevel']);
  const gitRoot = top ? resolve(top) : null;
  const inside = gitRoot !== null && !relative(gitRoot, outDir).startsWith('..');
  const remote = inside ? await git(probe, ['remote', 'get-url', 'origin']) : null;
  return {
    outDir,
    gitRoot: inside ? gitRoot : null,
    context: inside ? relative(gitRoot, outDir).split(sep).join('/') || '.' : '.',
    repo: remote ? githubRepo(remote) : null,
  };
}

/** A service name from a folder name: `My_Service` -> `my-service`; `app` when nothing usable is left. */
export function nameFromFolder(folder: string): string {
  const name = basename(folder).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '').slice(0, 40).replace(/-+$/, '');
  return nameProblem(name) === null ? name : 'app';
}

/** Reads and checks the flags. Throws UsageError with a one-line message. */
export function answersFromArgs(args: Args, target: InitTarget): InitAnswers {
  const given = args.positionals[0];
  if (given !== undefined && !isStack(given)) {
    const hint = given === 'compose' || given === 'kubernetes' ? `; compose and Kubernetes files come with a stack (--with compose,k8s)` : '';
    throw new UsageError(`no stack ${given}; the stacks are ${STACK_IDS.join(', ')}${hint}`);
  }
  const name = args.init.name ?? nameFromFolder(target.outDir);
  const nameError = nameProblem(name);
  if (nameError) throw new UsageError(`--name ${name}: ${nameError}`);
  let port: number | null = null;
  if (args.init.port !== undefined) {
    const problem = portProblem(args.init.port);
    if (problem) throw new UsageError(`--port ${args.init.port}: ${problem}`);
    port = Number(args.init.port);
  }
  let parts: Set<Part>;
  try {
    parts = args.init.with === undefined ? new Set(PARTS) : parseParts(args.init.with);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  let secrets: SecretBackend | null = null;
  if (args.init.secrets !== undefined) {
    if (!(SECRET_BACKENDS as readonly string[]).includes(args.init.secrets)) throw new UsageError(`--secrets takes ${SECRET_BACKENDS.join(', ')}`);
    secrets = args.init.secrets as SecretBackend;
    const problem = secretsProblem(secrets, parts);
    if (problem) throw new UsageError(problem);
  }
  const repo = args.init.repo ?? target.repo;
  if (repo !== null) {
    const problem = repoProblem(repo);
    if (problem) throw new UsageError(`--repo ${repo}: ${problem}`);
  }
  return {stack: given ?? null, name, port, parts, secrets, repo: repo ?? `your-org/${name}`, repoGuessed: repo === null};
}

/** The options for the planner, with each default filled in. */
export function completeOptions(answers: InitAnswers & {stack: StackId}, target: InitTarget): InitOptions {
  return {
    stack: answers.stack,
    name: answers.name,
    port: answers.port ?? defaultPort(answers.stack),
    parts: answers.parts,
    secrets: answers.secrets ?? defaultSecrets(answers.parts),
    repo: answers.repo,
    context: target.context,
  };
}

export async function inspectPlan(plan: InitPlan, target: InitTarget, cwd: string): Promise<InitFile[]> {
  return Promise.all(
    plan.files.map(async (file) => {
      const absolute = resolve(target.outDir, file.path);
      const display = relative(cwd, absolute).split(sep).join('/');
      const bytes = await readFile(absolute).catch(() => null);
      if (bytes === null) return {display, absolute, text: file.text, status: 'new' as const, current: null};
      const decoded = decode(bytes);
      const current = 'error' in decoded ? '' : decoded.text;
      return {display, absolute, text: file.text, status: current === file.text ? ('same' as const) : ('differs' as const), current};
    }),
  );
}

/** Writes the new files and the existing ones chosen to be overwritten (by display path), all or nothing. */
export async function writeInit(files: readonly InitFile[], overwrite: ReadonlySet<string>, target: InitTarget, cwd: string): Promise<WriteResult> {
  const plans: FilePlan[] = files
    .filter((f) => f.status === 'new' || (f.status === 'differs' && overwrite.has(f.display)))
    .map((f) => ({
      path: f.display,
      before: f.current ?? '',
      after: f.text,
      beforeHash: hashText(f.current ?? ''),
      existed: f.status === 'differs',
      applied: [],
    }));
  return writePlan({files: plans}, {root: target.gitRoot ?? target.outDir, cwd});
}

function listStacks(io: Io): void {
  const rows = STACK_IDS.map((id) => `  ${id.padEnd(8)} ${STACKS[id].title}: ${STACKS[id].runtimeImage}, port ${STACKS[id].defaultPort}`);
  io.stdout(
    `Stacks (shipshape init STACK [--out DIR] [--with ${PARTS.join(',')}] [--secrets k8s|vault]):\n${rows.join('\n')}\n` +
      'Each writes a Dockerfile and .dockerignore, plus compose.yaml, k8s/, policy/ and a CI workflow (--with picks them).\n',
  );
}

export async function initCommand(args: Args, io: Io): Promise<number> {
  const target = await resolveTarget(args.out ?? '.', io.cwd);
  const answers = answersFromArgs(args, target);
  const interactive = io.isTTY && !args.yes;
  if (interactive) {
    const {runInitFlow} = await import('../ui/init/run.js');
    return runInitFlow({
      answers,
      color: args.color,
      preview: async (chosen) => {
        const options = completeOptions(chosen, target);
        const plan = planInit(options, templateSource());
        const files = await inspectPlan(plan, target, io.cwd);
        return {files, nextSteps: plan.nextSteps};
      },
      write: async (chosen, preview, overwrite) => {
        const options = completeOptions(chosen, target);
        const result = await writeInit(preview.files, overwrite, target, io.cwd);
        const lines = summary({options, nextSteps: preview.nextSteps, files: preview.files, result, target, cwd: io.cwd, repoGuessed: chosen.repo === answers.repo && answers.repoGuessed});
        return {lines: [...result.refused.map((r) => `Not written: ${r.path}: ${r.reason}`), ...lines], code: result.refused.length > 0 ? 1 : 0};
      },
    });
  }
  if (answers.stack === null) {
    listStacks(io);
    return 0;
  }
  const options = completeOptions({...answers, stack: answers.stack}, target);
  const plan = planInit(options, templateSource());
  const files = await inspectPlan(plan, target, io.cwd);
  const taken = files.filter((f) => f.status === 'differs').map((f) => f.display);
  if (taken.length > 0 && !args.force) {
    io.stderr(
      `shipshape: not writing the ${options.stack} service: ${taken.join(', ')} already exist${taken.length === 1 ? 's' : ''} ` +
        '(shipshape never overwrites without asking: run it in a terminal to choose, add --force to overwrite with a backup, or choose another --out)\n',
    );
    return 1;
  }
  const result = await writeInit(files, new Set(taken), target, io.cwd);
  for (const r of result.refused) io.stderr(`shipshape: ${r.path}: not written: ${r.reason}\n`);
  io.stdout(summary({options, nextSteps: plan.nextSteps, files, result, target, cwd: io.cwd, repoGuessed: answers.repoGuessed}).join('\n') + '\n');
  return result.refused.length > 0 ? 1 : 0;
}

/** What was written and what to do next: the lines the command prints (and the flow's last screen). */
export function summary(s: {
  options: InitOptions;
  nextSteps: readonly string[];
  files: readonly InitFile[];
  result: WriteResult;
  target: InitTarget;
  cwd: string;
  repoGuessed: boolean;
}): string[] {
  const {options, files, result, target, cwd} = s;
  const unchanged = files.filter((f) => f.status === 'same').map((f) => f.display);
  const where = relative(cwd, target.outDir).split(sep).join('/') || '.';
  const lines = [`Wrote ${result.written.length} file(s) for ${options.name} (${STACKS[options.stack].title}) in ${where}:`, ...result.written.map((p) => `  ${p}`)];
  if (unchanged.length > 0) lines.push(`Already up to date: ${unchanged.join(', ')}`);
  if (s.repoGuessed && (options.parts.has('k8s') || options.parts.has('ci') || options.parts.has('policy'))) {
    lines.push(`No GitHub repository found (git remote origin): the image is ${options.repo.split('/')[0]}'s. Run again with --repo OWNER/NAME, or edit the files that name ${options.repo}.`);
  }
  lines.push('Next:', ...s.nextSteps.map((step) => `  - ${step}`));
  const root = target.gitRoot ?? target.outDir;
  const rootShown = relative(cwd, root).split(sep).join('/');
  if (result.backupDir) lines.push(`\`shipshape undo${rootShown ? ` ${rootShown}` : ''}\` takes this back (backup in ${result.backupDir}).`);
  lines.push(`Check it any time: shipshape check ${where}`);
  return lines;
}

