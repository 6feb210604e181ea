/**
 * The repository-wide view the pipeline rules need: every CI file (parsed sources, and CI files a
 * fix of this plan created, which the project holds as side files until the next discovery) and
 * every Dockerfile of the repo.
 */
import type {Document} from 'yaml';
import type {Project} from '../../core/project.js';
import {classifyByName} from '../../core/classify.js';
import {parseYaml} from '../yaml/parse.js';
import {ciFlavor, ciFlavorOf, readPipeline, type CiFlavor, type Pipeline} from './pipeline.js';
import {supplyChainOf, type SupplyChain} from './supply-chain.js';

export interface CiFile {
  path: string;
  flavor: CiFlavor;
  text: string;
  docs: readonly Document.Parsed[];
  pipeline: Pipeline;
  chain: SupplyChain;
}

export interface RepoCi {
  /** CI files sorted: GitHub workflows by path, then `.gitlab-ci.yml`. */
  files: CiFile[];
  /** Dockerfile paths of the repo (read or only seen by discovery), sorted. */
  dockerfiles: string[];
}

export function repoCi(project: Project): RepoCi {
  return project.memo(computeRepoCi);
}

function computeRepoCi(project: Project): RepoCi {
  const files: CiFile[] = [];
  const seen = new Set<string>();
  for (const source of project.ofKind('ci')) {
    const flavor = ciFlavorOf(source.path, source.docs);
    seen.add(source.path);
    const pipeline = readPipeline(flavor, source.docs);
    files.push({path: source.path, flavor, text: source.text, docs: source.docs, pipeline, chain: supplyChainOf(pipeline, source.text)});
  }
  for (const [path, text] of project.aux) {
    const flavor = ciFlavor(path);
    if (!flavor || seen.has(path) || project.failures.some((f) => f.path === path)) continue;
    let docs: Document.Parsed[];
    try {
      docs = parseYaml(text, '1.2');
    } catch {
      continue;
    }
    seen.add(path);
    const pipeline = readPipeline(flavor, docs);
    files.push({path, flavor, text, docs, pipeline, chain: supplyChainOf(pipeline, text)});
  }
  files.sort((a, b) => (a.flavor !== b.flavor ? (a.flavor === 'github' ? -1 : 1) : a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const dockerfiles = new Set<string>();
  for (const s of project.ofKind('dockerfile')) dockerfiles.add(s.path);
  for (const f of project.failures) if (f.kind === 'dockerfile') dockerfiles.add(f.path);
  for (const path of project.files) if (classifyByName(path) === 'dockerfile') dockerfiles.add(path);
  return {files, dockerfiles: [...dockerfiles].sort()};
}

/** True when the repo builds container images: it has a Dockerfile or a CI step builds one. */
export function buildsImages(repo: RepoCi): boolean {
  return repo.dockerfiles.length > 0 || repo.files.some((f) => f.chain.builds.length > 0);
}

/** True when some CI job of the repo scans images. */
export function scansImages(repo: RepoCi): boolean {
  return repo.files.some((f) => f.chain.scans);
}

/**
 * The CI file a repo-wide pipeline finding is reported on: the first GitHub workflow that builds
 * images, else `.gitlab-ci.yml` if it builds, else the first workflow, else `.gitlab-ci.yml`.
 * Only parsed sources qualify (a finding needs a source).
 */
export function reportTarget(repo: RepoCi, project: Project): CiFile | null {
  const parsed = repo.files.filter((f) => project.get(f.path)?.kind === 'ci');
  const pick = (flavor: CiFlavor, building: boolean) => parsed.find((f) => f.flavor === flavor && (!building || f.chain.builds.length > 0));
  return pick('github', true) ?? pick('gitlab', true) ?? pick('github', false) ?? pick('gitlab', false) ?? null;
}

/**
 * The folder a CI file belongs to, as a path prefix ('' or 'demo/'): the folder above
 * `.github/workflows/` for a workflow, the folder of `.gitlab-ci.yml`. Files named otherwise
 * (stdin, fixtures) belong to the working directory.
 */
export function repoRootOf(ciPath: string): string {
  const gh = /(^|\/)\.github\/workflows\/[^/]+$/.exec(ciPath);
  if (gh) return ciPath.slice(0, gh.index + gh[1]!.length);
  const gl = /(^|\/)\.gitlab-ci\.ya?ml$/.exec(ciPath);
  if (gl) return ciPath.slice(0, gl.index + gl[1]!.length);
  return '';
}

/** The Dockerfiles under a repo root, relative to it. */
export function dockerfilesUnder(repo: RepoCi, root: string): string[] {
  return repo.dockerfiles.filter((p) => p.startsWith(root)).map((p) => p.slice(root.length));
}
