import {parseArgs, commandHelp, HELP, UsageError, type Args} from './args.js';
import {version, type Io} from './context.js';

// Only argument parsing loads up front: each command imports what it needs, so `--version` and
// the wizard's first frame do not pay for the rules, the YAML parser or the reports.

export type {Io} from './context.js';

/** Runs one shipshape command; returns the exit code (0, 1 or 2). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv, io.env, io.stdoutIsTTY ?? io.isTTY);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`shipshape: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  try {
    switch (args.command) {
      case 'help':
        io.stdout(args.helpFor ? commandHelp(args.helpFor) : HELP);
        return 0;
      case 'version':
        io.stdout(`${version()}\n`);
        return 0;
      case 'rules':
        return (await import('./rules.js')).rulesCommand(args, io);
      case 'explain':
        return (await import('./rules.js')).explainCommand(args, io);
      case 'check':
        return await (await import('./commands.js')).checkCommand(args, io);
      case 'fix':
        return await (await import('./commands.js')).fixCommand(args, io);
      case 'undo':
        return await (await import('./commands.js')).undoCommand(args, io);
      case 'init':
        return await (await import('./init.js')).initCommand(args, io);
      case 'verify':
        return await (await import('./verify.js')).verifyCommand(args, io);
      case 'demo':
      case 'wizard':
        return await (await import('./wizard.js')).wizardCommand(args, io);
    }
  } catch (error) {
    const {ConfigError} = await import('../core/config.js');
    const {WriteError, Interrupted} = await import('../io/apply.js');
    if (error instanceof ConfigError || error instanceof WriteError || error instanceof UsageError) {
      io.stderr(`shipshape: ${error.message}\n`);
      return error instanceof Interrupted ? 130 : 2;
    }
    io.stderr(`shipshape: internal error: ${(error as Error)?.stack ?? String(error)}\nPlease report this with the file that caused it.\n`);
    return 2;
  }
}
