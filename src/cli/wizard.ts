import {cp, mkdtemp, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import type {Args} from './args.js';
import {PACKAGE_ROOT, type Io} from './context.js';
import type {WizardDeps} from '../ui/deps.js';

/** The bundled demo project (a legacy app with every problem shipshape finds). */
export const DEMO_DIR = join(PACKAGE_ROOT, 'fixtures', 'demo');

export async function wizardCommand(args: Args, io: Io): Promise<number> {
  if (!io.isTTY) {
    io.stderr('shipshape: the wizard needs an interactive terminal; use `shipshape check` to report or `shipshape fix --diff` / `fix --write` to fix\n');
    return 2;
  }
  let dir = resolve(io.cwd, args.positionals[0] ?? '.');
  if (args.command === 'demo') {
    dir = await mkdtemp(join(tmpdir(), 'shipshape-demo-'));
    await cp(DEMO_DIR, dir, {recursive: true});
    io.stdout(`Opening the wizard on a copy of the demo project in ${dir}\n`);
  }
  process.chdir(dir);
  const cwd = process.cwd();
  const deps: WizardDeps = {
    root: args.command === 'demo' ? dir : args.positionals[0] ?? '.',
    color: args.color,
    scan: async (onProgress) => {
      // Loaded after the first frame is on screen: the rules and parsers are the slow part (and
      // everything check needs is one chunk of the bundle, so nothing of it is imported above).
      const {load} = await import('./load.js');
      const {skippedLines} = await import('../report/skipped.js');
      // A run killed mid-write is rolled back first, so the wizard starts from the originals.
      const recovered = await (await import('../io/recover.js')).recoverBeforeScan(cwd, cwd);
      const loaded = await load({paths: ['.'], configPath: args.config ? resolve(io.cwd, args.config) : undefined, rules: args.rules, ignoreRules: args.ignoreRules, cwd, onProgress: (done, total, path) => onProgress({done, total, path})});
      const problems = [
        ...recovered,
        ...skippedLines(loaded.project.skipped),
        ...loaded.project.failures.map((f) => `${f.path}:${f.line}: cannot parse: ${f.message}`),
      ];
      const {stateIgnoreTarget, withStateIgnore} = await import('../io/state-ignore.js');
      const target = await stateIgnoreTarget(cwd, cwd);
      return {session: loaded.session, problems, asWritten: (plan) => withStateIgnore(plan, target)};
    },
    write: async (plan) => (await import('../io/apply.js')).writePlan(plan, {root: cwd, cwd}),
    verify: async (session, choices, onProgress, signal) => {
      const {detectEngine} = await import('../verify/engine.js');
      const found = await detectEngine({env: io.env});
      if ('problem' in found) throw new Error(found.problem);
      const {verify} = await import('../verify/run.js');
      const planFor = (exclude: ReadonlySet<string>) => session.preview({accepted: new Map([...choices.accepted].filter(([fp]) => !exclude.has(fp))), ignored: choices.ignored});
      const {result} = await verify({root: cwd, project: session.project, planFor, engine: found.engine, runner: {signal}, onProgress});
      return result;
    },
  };
  // The user asked for the wizard in a real terminal: a CI variable in the environment (set in some
  // dev containers, and in our CI while tmux drives the wizard) must not switch Ink to its
  // non-interactive mode, where it draws only the last frame. Ink reads them when it loads.
  for (const name of ['CI', 'CONTINUOUS_INTEGRATION']) if (name in process.env) process.env[name] = 'false';
  const {runWizard} = await import('../ui/run.js');
  const code = await runWizard(deps);
  if (args.command === 'demo') {
    const wrote = await stat(join(dir, '.shipshape')).then(() => true, () => false);
    io.stdout(`The demo copy stays in ${dir}${wrote ? ` (\`cd ${dir} && shipshape undo\` restores it)` : ''}.\n`);
  }
  return code;
}
