import {readFile, stat} from 'node:fs/promises';
import {join, resolve} from 'node:path';
import {ConfigError, DEFAULT_CONFIG, parseConfig, type Config} from '../core/config.js';
import {UsageError} from './args.js';
import type {Kind} from '../core/model.js';
import {buildProject, type Project} from '../core/project.js';
import {Session} from '../core/session.js';
import {isRuleId, RULE_IDS, rulesFor} from '../rules/by-kind.js';
import {classifyNamed, discover, displayPath, decode, NOT_A_CONTAINER_FILE, unreadable, type Discovery} from '../io/discover.js';
import {classifyByName} from '../core/classify.js';
import {posix} from 'node:path';

export interface Loaded {
  session: Session;
  project: Project;
  config: Config;
  discovery: Discovery;
  /** The path stdin (`-`) was read as: `-`, or its --stdin-filename. */
  stdinPath?: string;
}

export interface LoadOptions {
  paths: string[];
  configPath?: string;
  kind?: Kind;
  rules?: string[];
  /** Rules not to run (--ignore-rule). */
  ignoreRules?: string[];
  forceExclude?: boolean;
  /** The name stdin is reported (and classified) as. */
  stdinFilename?: string;
  onProgress?: (done: number, total: number, path: string) => void;
  stdin?: () => Promise<Buffer>;
  cwd?: string;
}

/** Finds and parses the configuration: --config, else `.shipshape.yaml` in the first folder checked. */
export async function loadConfig(paths: readonly string[], configPath: string | undefined, cwd = process.cwd()): Promise<Config> {
  let file = configPath ? resolve(cwd, configPath) : null;
  if (!file) {
    const firstDir = await firstFolder(paths, cwd);
    for (const name of ['.shipshape.yaml', '.shipshape.yml']) {
      const candidate = join(firstDir, name);
      if (await stat(candidate).then((s) => s.isFile(), () => false)) {
        file = candidate;
        break;
      }
    }
  }
  if (!file) return DEFAULT_CONFIG;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${displayPath(file, cwd)}: cannot read the configuration (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const config = parseConfig(text, displayPath(file, cwd));
  // A mistyped id would otherwise leave the rule on without a word.
  const unknown = Object.keys(config.rules).filter((id) => !isRuleId(id));
  if (unknown.length > 0) throw new ConfigError(`${displayPath(file, cwd)}: rules.${unknown[0]} is not a shipshape rule (see shipshape rules)`);
  return config;
}

async function firstFolder(paths: readonly string[], cwd: string): Promise<string> {
  const first = paths.find((p) => p !== '-');
  if (!first) return cwd;
  const absolute = resolve(cwd, first);
  return (await stat(absolute).then((s) => s.isDirectory(), () => false)) ? absolute : cwd;
}

/** discover → parse → rules: the scan every command starts with. */
export async function load(options: LoadOptions): Promise<Loaded> {
  const cwd = options.cwd ?? process.cwd();
  const paths = options.paths.length > 0 ? options.paths : ['.'];
  // A mistyped path must not pass a CI gate as "nothing found".
  for (const p of paths) {
    if (p !== '-' && !(await stat(resolve(cwd, p)).then(() => true, () => false))) throw new UsageError(`${p}: no such file or folder`);
  }
  const config = await loadConfig(paths, options.configPath, cwd);
  const fsPaths = paths.filter((p) => p !== '-');
  const discovery = await discover(fsPaths, {ignore: config.ignore, ignoreBase: await firstFolder(paths, cwd), forceExclude: options.forceExclude, kind: options.kind, onProgress: options.onProgress}, cwd);
  const stdinPath = paths.includes('-') ? stdinName(options.stdinFilename) : undefined;
  if (stdinPath !== undefined && options.stdin) {
    const read = decode(await options.stdin());
    const kind = 'error' in read ? null : options.kind ? {kind: options.kind} : classifyNamed(stdinPath, read.text);
    if (discovery.inputs.some((i) => i.path === stdinPath)) throw new UsageError(`--stdin-filename ${stdinPath} is also a file being checked; name stdin differently or leave the file out`);
    discovery.named?.add(stdinPath);
    if ('error' in read) discovery.skipped.push(unreadable(stdinPath, read.error, options.kind ?? classifyByName(stdinPath)));
    else if (kind === null) discovery.skipped.push({path: stdinPath, reason: NOT_A_CONTAINER_FILE});
    else if ('skip' in kind) discovery.skipped.push({path: stdinPath, reason: kind.skip});
    else {
      discovery.inputs.push({path: stdinPath, kind: kind.kind, text: read.text});
      if (read.bom) discovery.bom.add(stdinPath);
    }
  }
  const project = buildProject(paths, discovery.inputs, {skipped: discovery.skipped, aux: discovery.aux, files: discovery.files});
  const only = ruleSelection(options.rules ?? [], options.ignoreRules ?? []);
  // Only the rules that can matter to the files found load (a Dockerfile alone never loads the Kubernetes rules).
  const session = new Session(project, await rulesFor([...project.sources, ...project.failures]), config, only);
  return {session, project, config, discovery, ...(stdinPath !== undefined ? {stdinPath} : {})};
}

/** The rules to run from --rule and --ignore-rule (undefined: all of them). */
function ruleSelection(rules: readonly string[], ignored: readonly string[]): Set<string> | undefined {
  for (const [option, ids] of [['--rule', rules], ['--ignore-rule', ignored]] as const) {
    const unknown = ids.find((id) => !isRuleId(id));
    if (unknown !== undefined) throw new ConfigError(`${option} ${unknown}: no such rule (see shipshape rules)`);
  }
  if (ignored.length === 0) return rules.length > 0 ? new Set(rules) : undefined;
  const only = new Set((rules.length > 0 ? rules : RULE_IDS).filter((id) => !ignored.includes(id)));
  if (only.size === 0) throw new UsageError('--ignore-rule leaves no rule to run');
  return only;
}

/** --stdin-filename as a path like the others (`/`-separated, no `./`); `-` without one. */
function stdinName(name: string | undefined): string {
  if (!name) return '-';
  const normal = posix.normalize(name.split('\\').join('/'));
  return normal.startsWith('./') ? normal.slice(2) : normal;
}
