import {readdir, readFile, stat, mkdir} from 'node:fs/promises';
import {join, relative, resolve, sep, dirname} from 'node:path';
import {atomicWrite} from '../io/apply.js';

/** The templates `shipshape init` writes (folders under templates/), with what each is for. */
export const TEMPLATES: Record<string, string> = {
  node: 'Dockerfile + .dockerignore for a Node.js service (multi-stage, runs as node 1000:1000, healthcheck)',
  python: 'Dockerfile + .dockerignore for a Python service (venv build stage, UID 10001, healthcheck)',
  go: 'Dockerfile + .dockerignore for a Go service (static binary on distroless nonroot 65532)',
  compose: 'compose.yaml: an app and PostgreSQL with non-root users, read-only root fs, dropped caps, limits, Compose secrets',
  kubernetes: 'namespace.yaml (restricted PSA labels, quota, limit range) + deployment.yaml passing the restricted Pod Security Standard',
};

export interface InitResult {
  written: string[];
  /** Files that already exist: never overwritten. */
  existing: string[];
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, {withFileTypes: true})) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else out.push(full);
  }
  return out.sort();
}

/** Copies a template into `out`, refusing (as a whole) when any of its files already exists. */
export async function initTemplate(templatesDir: string, name: string, out: string, cwd: string): Promise<InitResult> {
  const source = join(templatesDir, name);
  const target = resolve(cwd, out);
  const files = await listFiles(source);
  const plan = files.map((file) => ({from: file, to: join(target, relative(source, file))}));
  const existing: string[] = [];
  for (const {to} of plan) {
    if (await stat(to).then(() => true, () => false)) existing.push(display(cwd, to));
  }
  if (existing.length > 0) return {written: [], existing};
  const written: string[] = [];
  for (const {from, to} of plan) {
    await mkdir(dirname(to), {recursive: true});
    await atomicWrite(to, await readFile(from), 0o644);
    written.push(display(cwd, to));
  }
  return {written, existing};
}

function display(cwd: string, path: string): string {
  return relative(cwd, path).split(sep).join('/') || '.';
}
