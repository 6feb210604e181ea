import {stat} from 'node:fs/promises';
import {resolve} from 'node:path';
import {UsageError, type Args} from './args.js';
import type {Io} from './context.js';
import {selectForFix} from './commands.js';
import {load} from './load.js';
import {palette} from '../report/color.js';
import {triedServices, unavailableImages, verifyJson, verifyText} from '../report/verify.js';

/**
 * `shipshape verify [DIR]`: the fixes `fix --write` would apply with the same flags, tried on a
 * temporary copy with the container engine present (src/verify/). Exit 0 when every service that
 * starts without them starts with them, 1 when a fix breaks one, 2 without an engine that runs or
 * when no service started even without the fixes (nothing was tried: an image it could not get, …).
 */
export async function verifyCommand(args: Args, io: Io): Promise<number> {
  const shown = args.positionals[0] ?? '.';
  const root = resolve(io.cwd, shown);
  if (!(await stat(root).then((s) => s.isDirectory(), () => false))) throw new UsageError(`${shown}: not a folder (verify starts the Compose projects of a folder)`);
  const {detectEngine} = await import('../verify/engine.js');
  const found = await detectEngine({env: io.env, prefer: args.engine});
  if ('problem' in found) {
    io.stderr(`shipshape: ${found.problem}\n`);
    return 2;
  }
  const {session, project} = await load({paths: ['.'], configPath: args.config ? resolve(io.cwd, args.config) : undefined, rules: args.rules, ignoreRules: args.ignoreRules, cwd: root});
  for (const e of session.errors) io.stderr(`shipshape: internal error in rule ${e.rule} on ${e.path}: ${e.message} (please report it with that file)\n`);
  for (const f of project.failures) io.stderr(`shipshape: ${f.path}:${f.line}: cannot parse: ${f.message}; not fixed\n`);
  const {findStacks} = await import('../verify/stacks.js');
  if (!findStacks(project).some((s) => s.skip === null && s.services.length > 0)) {
    io.stderr(`shipshape: nothing to start in ${shown}: verify builds and starts Compose projects, and found none with a service\n`);
    return 2;
  }
  const select = selectForFix(args);
  const planFor = (exclude: ReadonlySet<string>) => session.fixWhere((f) => (exclude.has(f.fingerprint) ? null : select(f)));
  if (planFor(new Set()).applied.length === 0) {
    io.stdout(`Nothing to verify: \`shipshape fix --write${args.unsafe ? ' --unsafe' : ''}\` would change nothing here${args.unsafe ? '' : ' (add --unsafe to verify the unsafe fixes too)'}.\n`);
    return 0;
  }

  const {verify, VerifyAborted} = await import('../verify/run.js');
  const controller = new AbortController();
  const onSignal = () => {
    io.stderr('\nshipshape: stopping; removing what verify started…\n');
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  const progress = !args.quiet && args.format === 'text';
  if (progress) io.stderr(`shipshape: verifying with ${found.engine.description}\n`);
  try {
    const {result, kept} = await verify({
      root,
      project,
      planFor,
      engine: found.engine,
      keep: args.keep,
      runner: {signal: controller.signal, ...(args.timeout ? {timeout: args.timeout * 1000} : {})},
      onProgress: progress ? (message) => io.stderr(`shipshape: ${message}\n`) : undefined,
    });
    const started = result.stacks.filter((s) => s.skipped === null);
    if (started.length > 0 && started.every((s) => s.error !== null)) {
      io.stderr(`shipshape: ${found.engine.name} cannot start containers here: ${started[0]!.error}\n`);
      return 2;
    }
    io.stdout(args.format === 'json' ? verifyJson(result) : verifyText(result, palette(args.color), {quiet: args.quiet}));
    if (kept) io.stderr(`shipshape: the copy with the fixes is left in ${kept}\n`);
    if (triedServices(result) === 0) {
      const images = unavailableImages(result).map((i) => i.image);
      io.stderr(`shipshape: nothing was verified: no service started even without the fixes${images.length ? ` (images it could not get: ${images.join(', ')})` : ''}\n`);
      return 2;
    }
    return result.passed ? 0 : 1;
  } catch (error) {
    if (error instanceof VerifyAborted) {
      io.stderr(`shipshape: ${error.message}\n`);
      return 130;
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}
