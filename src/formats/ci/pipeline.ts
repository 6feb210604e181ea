/**
 * A read-only view of a CI file (GitHub Actions workflow or GitLab CI) that the pipeline rules
 * share: the shell commands each job runs, the actions it uses, the images it runs in, and the
 * includes of the file, each with the exact offsets of its text in the file.
 */
import {isMap, isScalar, isSeq, type Document, type Node, type Scalar, type YAMLMap} from 'yaml';
import {keyOf, ownPair, scalarOf} from '../yaml/nodes.js';

export type CiFlavor = 'github' | 'gitlab';

/** Which CI system a path belongs to, or null when it is not a CI file. */
export function ciFlavor(path: string): CiFlavor | null {
  if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return 'github';
  if (/(^|\/)\.gitlab-ci\.ya?ml$/.test(path)) return 'gitlab';
  return null;
}

/** A shell command text (a GitHub `run:` or one GitLab `script:` entry). */
export interface CiCommand {
  job: string;
  /** The parsed value of the scalar. */
  text: string;
  /** Offsets of the scalar's content in the file (inside the quotes for quoted scalars). */
  start: number;
  end: number;
  /** The scalar's YAML type (PLAIN, QUOTE_SINGLE, QUOTE_DOUBLE, BLOCK_LITERAL, BLOCK_FOLDED). */
  style: string;
}

/** A GitHub `uses:` (a step's action or a job's reusable workflow). */
export interface CiUses {
  job: string;
  /** `owner/repo[/path]@ref` as written. */
  uses: string;
  /** The action name without the ref, lower-cased (`docker/build-push-action`). */
  action: string;
  /** The step's `with:` inputs as strings (non-scalar values are left out). */
  with: Readonly<Record<string, string>>;
  start: number;
  end: number;
}

/** An image a job runs in or next to (GitLab `image:`/`services:`, GitHub `container:`/`services:`). */
export interface CiImage {
  job: string;
  image: string;
  start: number;
  end: number;
}

/** A GitLab `include:` entry (template, component, project file, remote or local). */
export interface CiInclude {
  text: string;
  start: number;
  end: number;
}

export interface CiJob {
  name: string;
  /** Offsets of the job's key in the file. */
  start: number;
  end: number;
}

export interface Pipeline {
  flavor: CiFlavor;
  jobs: CiJob[];
  commands: CiCommand[];
  uses: CiUses[];
  images: CiImage[];
  includes: CiInclude[];
}

/** GitLab top-level keywords that are not jobs. */
const GITLAB_GLOBAL = new Set(['image', 'services', 'stages', 'types', 'before_script', 'after_script', 'variables', 'cache', 'include', 'workflow', 'spec']);

/** Reads the CI view of a parsed file. Unknown shapes are skipped, never thrown on. */
export function readPipeline(flavor: CiFlavor, docs: readonly Document.Parsed[]): Pipeline {
  const out: Pipeline = {flavor, jobs: [], commands: [], uses: [], images: [], includes: []};
  for (const doc of docs) {
    if (!isMap(doc.contents)) continue;
    if (flavor === 'github') readGithub(doc.contents, out);
    else readGitlab(doc.contents, out);
  }
  return out;
}

/** A key's own value (CI files are read as written: aliases and merges are not followed yet). */
function mapGet(map: unknown, key: string): unknown {
  return isMap(map) ? ownPair(map, key)?.value : undefined;
}

function rangeOf(node: Node | null | undefined): [number, number] {
  const r = node?.range;
  return r ? [r[0], r[1]] : [0, 0];
}

function commandOf(job: string, node: Scalar): CiCommand | null {
  const text = scalarOf(node);
  if (text === null) return null;
  let [start, end] = rangeOf(node);
  const style = String(node.type ?? 'PLAIN');
  if (style === 'QUOTE_SINGLE' || style === 'QUOTE_DOUBLE') {
    start += 1;
    end -= 1;
  }
  return {job, text, start, end, style};
}

/** Collects the commands of a GitLab script value (a string, or a sequence, possibly nested). */
function scriptCommands(job: string, value: unknown, out: CiCommand[]): void {
  if (isScalar(value)) {
    const c = commandOf(job, value);
    if (c) out.push(c);
  } else if (isSeq(value)) {
    for (const item of value.items) scriptCommands(job, item, out);
  }
}

function imageOf(job: string, value: unknown, out: CiImage[]): void {
  const node = isMap(value) ? (mapGet(value, 'name') ?? mapGet(value, 'image')) : value;
  const image = scalarOf(node);
  if (image && isScalar(node)) {
    const [start, end] = rangeOf(node);
    out.push({job, image, start, end});
  }
}

function readGithub(root: YAMLMap, out: Pipeline): void {
  const jobs = mapGet(root, 'jobs');
  if (!isMap(jobs)) return;
  for (const pair of jobs.items) {
    const name = keyOf(pair);
    if (name === null) continue;
    const [start, end] = rangeOf(pair.key as Node);
    out.jobs.push({name, start, end});
    const job = pair.value;
    if (!isMap(job)) continue;
    const reusable = mapGet(job, 'uses');
    if (isScalar(reusable)) pushUses(name, reusable, mapGet(job, 'with'), out);
    const container = mapGet(job, 'container');
    if (container !== undefined) imageOf(name, container, out.images);
    const services = mapGet(job, 'services');
    if (isMap(services)) for (const s of services.items) imageOf(name, s.value, out.images);
    const steps = mapGet(job, 'steps');
    if (!isSeq(steps)) continue;
    for (const step of steps.items) {
      if (!isMap(step)) continue;
      const run = mapGet(step, 'run');
      if (isScalar(run)) {
        const c = commandOf(name, run);
        if (c) out.commands.push(c);
      }
      const uses = mapGet(step, 'uses');
      if (isScalar(uses)) pushUses(name, uses, mapGet(step, 'with'), out);
    }
  }
}

function pushUses(job: string, node: Scalar, withNode: unknown, out: Pipeline): void {
  const uses = scalarOf(node);
  if (!uses) return;
  const inputs: Record<string, string> = {};
  if (isMap(withNode)) {
    for (const p of withNode.items) {
      const k = keyOf(p);
      const v = scalarOf(p.value);
      if (k !== null && v !== null) inputs[k] = v;
    }
  }
  const [start, end] = rangeOf(node);
  out.uses.push({job, uses, action: uses.replace(/@.*$/, '').toLowerCase(), with: inputs, start, end});
}

function readGitlab(root: YAMLMap, out: Pipeline): void {
  for (const pair of root.items) {
    const name = keyOf(pair);
    if (name === null) continue;
    const value = pair.value;
    if (name === 'include') {
      readIncludes(value, out.includes);
      continue;
    }
    if (name === 'before_script' || name === 'after_script') {
      scriptCommands('(global)', value, out.commands);
      continue;
    }
    if (name === 'image') {
      imageOf('(global)', value, out.images);
      continue;
    }
    if (name === 'services') {
      if (isSeq(value)) for (const s of value.items) imageOf('(global)', s, out.images);
      continue;
    }
    if (GITLAB_GLOBAL.has(name) || !isMap(value)) continue;
    const [start, end] = rangeOf(pair.key as Node);
    if (name !== 'default') out.jobs.push({name, start, end});
    for (const key of ['before_script', 'script', 'after_script']) scriptCommands(name, mapGet(value, key), out.commands);
    const image = mapGet(value, 'image');
    if (image !== undefined) imageOf(name, image, out.images);
    const services = mapGet(value, 'services');
    if (isSeq(services)) for (const s of services.items) imageOf(name, s, out.images);
  }
}

function readIncludes(value: unknown, out: CiInclude[]): void {
  const push = (node: unknown) => {
    const text = scalarOf(node);
    if (text && isScalar(node)) {
      const [start, end] = rangeOf(node);
      out.push({text, start, end});
    }
  };
  const entry = (item: unknown) => {
    if (isScalar(item)) push(item);
    else if (isMap(item)) {
      for (const key of ['template', 'component', 'remote', 'local', 'file', 'project']) {
        const v = mapGet(item, key);
        if (isSeq(v)) v.items.forEach(push);
        else push(v);
      }
    }
  };
  if (isSeq(value)) value.items.forEach(entry);
  else entry(value);
}

/** The offset range of a top-level key's value (to place a finding on `jobs:`, `stages:`, …). */
export function topLevelKeyRange(docs: readonly Document.Parsed[], key: string): [number, number] | null {
  for (const doc of docs) {
    if (!isMap(doc.contents)) continue;
    const pair = doc.contents.items.find((p) => keyOf(p) === key);
    if (pair) return rangeOf(pair.key as Node);
  }
  return null;
}

/** The scalar strings of a top-level sequence (GitLab `stages:`), or null when absent. */
export function topLevelStrings(docs: readonly Document.Parsed[], key: string): string[] | null {
  for (const doc of docs) {
    const value = mapGet(doc.contents, key);
    if (isSeq(value)) return value.items.map(scalarOf).filter((s): s is string => s !== null);
  }
  return null;
}

/** Names of the top-level keys of the file (GitLab job names and keywords). */
export function topLevelKeys(docs: readonly Document.Parsed[]): string[] {
  const keys: string[] = [];
  for (const doc of docs) {
    if (isMap(doc.contents)) for (const p of doc.contents.items) {
      const k = keyOf(p);
      if (k !== null) keys.push(k);
    }
  }
  return keys;
}

/**
 * The CI system of a file from its path, else from its content (a top-level `jobs:` map with
 * `on:`/`runs-on:`/`steps:` is GitHub Actions; anything else is read as GitLab CI).
 */
export function ciFlavorOf(path: string, docs: readonly Document.Parsed[]): CiFlavor {
  const byPath = ciFlavor(path);
  if (byPath) return byPath;
  for (const doc of docs) {
    const root = doc.contents;
    if (!isMap(root)) continue;
    if (mapGet(root, 'on') !== undefined || mapGet(root, 'true') !== undefined) return 'github';
    const jobs = mapGet(root, 'jobs');
    if (isMap(jobs) && jobs.items.some((p) => isMap(p.value) && (mapGet(p.value, 'runs-on') !== undefined || mapGet(p.value, 'steps') !== undefined))) return 'github';
  }
  return 'gitlab';
}
