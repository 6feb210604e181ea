import {writeFile, readFile, stat} from 'node:fs/promises';
import {dirname, relative, resolve} from 'node:path';
import type {Args} from './args.js';
import {load} from './load.js';
import {version, type Io} from './context.js';
import {ConfigError} from '../core/config.js';
import type {RuleError} from '../core/engine.js';
import type {Finding} from '../core/model.js';
import type {Plan} from '../core/plan.js';
import type {Session} from '../core/session.js';
import {severityRank} from '../core/model.js';
import {buildReport, type Report} from '../report/model.js';
import {skippedLines} from '../report/skipped.js';
import {countByRule, statisticsReport} from '../report/statistics.js';
import {palette} from '../report/color.js';
import {listsEveryRule, reporterFor} from '../report/registry.js';
import {batched} from '../report/json-parts.js';
import {stateIgnoreTarget, withStateIgnore} from '../io/state-ignore.js';
import {findRepository, slashRelative} from '../io/git-ignores.js';
import {enclosingFolder} from '../io/discover.js';
import type {ReportRoot} from '../report/ci-common.js';
import {pathToFileURL} from 'node:url';

/** The non-interactive commands check, fix and undo (rules and explain are in rules.ts, init in init.ts). */

function printProblems(report: Report, io: Io, args: Pick<Args, 'quiet' | 'verbose'>, errors: readonly RuleError[] = []): void {
  for (const e of errors) io.stderr(`shipshape: internal error in rule ${e.rule} on ${e.path}: ${e.message} (please report it with that file)\n`);
  if (args.quiet) return;
  // A file of a known kind that could not be read is an E001 finding of the report, not a remark.
  for (const line of skippedLines(report.skipped.filter((s) => !s.kind), args.verbose)) io.stderr(`shipshape: ${line}
`);
}

/** --force-exclude with files named: the folder around them was read for context; report only on them. */
function onlyNamed(report: Report, named: ReadonlySet<string> | undefined): Report {
  if (!named) return report;
  return {files: report.files.filter((f) => named.has(f.path)), findings: report.findings.filter((f) => named.has(f.path)), skipped: report.skipped.filter((s) => named.has(s.path))};
}

export async function checkCommand(args: Args, io: Io): Promise<number> {
  const {session, project, config, discovery} = await load({paths: args.positionals, configPath: args.config, kind: args.kind, rules: args.rules, ignoreRules: args.ignoreRules, forceExclude: args.forceExclude, stdinFilename: args.stdinFilename, cwd: io.cwd, stdin: io.stdin});
  let report = onlyNamed(buildReport(project, session.findings), discovery.named);
  if (args.writeBaseline || args.baseline) {
    const baseline = await import('../core/baseline.js');
    if (args.writeBaseline) {
      await writeFile(resolve(io.cwd, args.writeBaseline), baseline.createBaseline(report.findings));
      if (!args.quiet) io.stderr(`shipshape: recorded ${report.findings.length} finding(s) in ${args.writeBaseline}\n`);
    }
    if (args.baseline) {
      let text: string;
      try {
        text = await readFile(resolve(io.cwd, args.baseline), 'utf8');
      } catch {
        throw new ConfigError(`${args.baseline}: cannot read the baseline`);
      }
      try {
        report = {...report, findings: baseline.applyBaseline(report.findings, text)};
      } catch (error) {
        throw new ConfigError(`${args.baseline}: ${(error as Error).message}`);
      }
    }
  }
  const shown = args.severity ? report.findings.filter((f) => severityRank(f.severity) >= severityRank(args.severity!)) : report.findings;
  if (shown.length < report.findings.length && !args.quiet) io.stderr(`shipshape: ${report.findings.length - shown.length} finding(s) below ${args.severity} not shown (--severity)\n`);
  report = {...report, findings: shown};
  printProblems(report, io, args, session.errors);
  if (args.statistics) {
    io.stdout(statisticsReport(report, args.format === 'json' ? 'json' : 'text', palette(args.color)));
  } else {
    const reporter = await reporterFor(args.format);
    // SARIF lists every rule shipshape has, not only those that read the files found.
    const rules = listsEveryRule(args.format) ? (await import('../rules/registry.js')).RULES : session.rules;
    const text = reporter(report, {rules, version: version(), palette: palette(args.color), quiet: args.quiet, verbose: args.verbose, root: await reportRoot(io.cwd)});
    await writeText(io, text);
  }
  const failOn = args.failOn ?? config.failOn;
  if (session.errors.length > 0) return 2;
  return report.findings.some((f) => severityRank(f.severity) >= severityRank(failOn)) ? 1 : 0;
}

/**
 * Writes a reporter's text; one in parts piece by piece, letting the event loop turn between
 * pieces: a write to a pipe holds its piece until then, so a loop that wrote every piece at once
 * would hold the whole text again (issue 11: peak RSS).
 */
async function writeText(io: Io, text: string | Iterable<string>): Promise<void> {
  if (typeof text === 'string') return io.stdout(text);
  for (const piece of batched(text)) {
    io.stdout(piece);
    await new Promise((turn) => setImmediate(turn));
  }
}

/** The repository root the working directory is in (else the working directory), for CI reports. */
async function reportRoot(cwd: string): Promise<ReportRoot> {
  const root = (await findRepository(cwd))?.root ?? cwd;
  const uri = pathToFileURL(root).href;
  return {uri: uri.endsWith('/') ? uri : `${uri}/`, cwd: slashRelative(root, cwd)};
}

type FixSelect = (f: Finding) => Record<string, string> | null;

/** What `fix --write` applies with these flags (verify tests the same set); `named`: only fixes of these files. */
export function selectForFix(args: Pick<Args, 'unsafe'>, named?: ReadonlySet<string>): FixSelect {
  return (f) => {
    if (!f.fix) return null;
    if (named && !named.has(f.path)) return null;
    if (f.fix.needsInput && f.fix.needsInput.length > 0) return null;
    if (f.fix.safety === 'unsafe' && !args.unsafe) return null;
    return {};
  };
}

/**
 * fix with stdin: the text goes back to stdout, so a fix of it may change nothing else (D119 would
 * create a .dockerignore beside it, C211 a secret file). Such fixes are planned out, and said.
 */
function planForStdin(session: Session, select: FixSelect, stdinPath: string, io: Io): Plan {
  const refused = new Set<string>();
  for (;;) {
    const result = session.fixWhere((f) => (refused.has(f.fingerprint) ? null : select(f)));
    const spilling = result.applied.filter((a) => a.path === stdinPath && a.files.some((file) => file !== stdinPath));
    if (spilling.length === 0) return result;
    for (const a of spilling) {
      refused.add(a.fingerprint);
      io.stderr(`shipshape: ${stdinPath}: ${a.rule} not fixed: it also writes ${a.files.filter((f) => f !== stdinPath).join(', ')}, and stdin is only printed (fix the file itself for it)\n`);
    }
  }
}

export async function fixCommand(args: Args, io: Io): Promise<number> {
  const root = args.write ? await writeRoot(args.positionals, io.cwd) : null;
  // A run killed mid-write is rolled back before the scan, so the plan starts from the originals.
  // The writing side (io/apply.ts and what it uses, node:crypto among them) loads only to write: check and fix --diff start without it.
  if (root) for (const note of await (await import('../io/recover.js')).recoverBeforeScan(root, io.cwd)) io.stderr(`shipshape: ${note}\n`);
  const {session, project, discovery, stdinPath} = await load({paths: args.positionals, configPath: args.config, kind: args.kind, rules: args.rules, ignoreRules: args.ignoreRules, forceExclude: args.forceExclude, stdinFilename: args.stdinFilename, cwd: io.cwd, stdin: io.stdin});
  const report = onlyNamed(buildReport(project, session.findings), discovery.named);
  printProblems(report, io, args, session.errors);
  // check lists these as E001 findings; fix prints no report, so say which files it could not touch.
  for (const f of project.failures) if (!discovery.named || discovery.named.has(f.path)) io.stderr(`shipshape: ${f.path}:${f.line}: cannot parse: ${f.message}; not fixed\n`);
  for (const s of project.skipped) if (s.kind && (!discovery.named || discovery.named.has(s.path))) io.stderr(`shipshape: ${s.path}: cannot read: ${s.reason}; not fixed\n`);
  const select = selectForFix(args, discovery.named);
  const planned = stdinPath !== undefined && args.write ? planForStdin(session, select, stdinPath, io) : session.fixWhere(select);
  // The diff shows exactly what --write writes: with the .shipshape/ line it adds to .gitignore.
  const result = stdinPath !== undefined ? planned : withStateIgnore(planned, await stateIgnoreTarget(root ?? (await writeRoot(args.positionals, io.cwd)), io.cwd));
  const c = palette(args.color);
  const hiddenUnsafe = args.unsafe ? 0 : report.findings.filter((f) => f.fix?.safety === 'unsafe' && !f.fix.needsInput?.length).length;
  const needingInput = report.findings.filter((f) => f.fix?.needsInput?.length);
  const needInput = needingInput.length;
  for (const s of result.skipped) io.stderr(`shipshape: ${s.path}: ${s.rule} not fixed: ${s.detail}\n`);
  if (!result.converged) io.stderr(`shipshape: fixes did not converge after ${result.passes} passes; some were left out\n`);
  const footer = (): void => {
    if (args.quiet) return;
    if (hiddenUnsafe > 0) io.stderr(`shipshape: ${hiddenUnsafe} unsafe fix(es) not included; review them with \`shipshape fix --diff --unsafe\` or the wizard\n`);
    if (needInput > 0) io.stderr(`shipshape: ${needInput} fix(es) need a value only you can give or confirm (${countByRule(needingInput).map((r) => `${r.rule} ${r.count}`).join(', ')}); use the wizard, or \`shipshape explain RULE\`\n`);
  };
  if (!root) {
    // jsdiff loads only for a diff: check never needs it.
    const {colorDiff, planDiff} = await import('../report/diff.js');
    const diff = planDiff(result);
    io.stdout(c.enabled ? colorDiff(diff, {added: c.green, removed: c.red, hunk: c.cyan, header: c.bold}) : diff);
    if (!args.quiet) io.stderr(`shipshape: ${result.applied.length} fix(es) in ${result.files.length} file(s)${result.files.length ? '; apply them with --write' : ''}\n`);
    footer();
    return fixExitCode(result, select, 0);
  }
  // Like a formatter, fix - --write prints the (fixed) text of stdin and nothing else on stdout.
  const say = stdinPath !== undefined ? io.stderr : io.stdout;
  if (stdinPath !== undefined) {
    const text = result.files.find((f) => f.path === stdinPath)?.after ?? project.textOf(stdinPath);
    if (text !== null) io.stdout((discovery.bom.has(stdinPath) ? '\uFEFF' : '') + text);
  }
  const onDisk = {...result, files: result.files.filter((f) => f.path !== stdinPath)};
  const written = await (await import('../io/apply.js')).writePlan(onDisk, {root, cwd: io.cwd});
  for (const note of written.notes) io.stderr(`shipshape: ${note}\n`);
  for (const r of written.refused) io.stderr(`shipshape: ${r.path}: not written: ${r.reason}\n`);
  if (written.refused.length > 0) io.stderr('shipshape: nothing was written (the files of a run are written together or not at all); run `shipshape fix` again\n');
  if (!args.quiet) {
    const fixedHere = result.applied.filter((a) => a.path !== stdinPath).length;
    const fixedStdin = result.applied.length - fixedHere;
    if (stdinPath !== undefined) say(`${fixedStdin === 0 ? 'Nothing to fix' : `Fixed ${fixedStdin} finding(s)`} in ${stdinPath === '-' ? 'stdin' : `stdin (${stdinPath})`}.\n`);
    if (written.refused.length === 0 && (stdinPath === undefined || written.written.length > 0)) say(`${written.written.length === 0 ? 'Nothing to fix.' : `Fixed ${fixedHere} finding(s) in ${written.written.length} file(s): ${written.written.join(', ')}`}\n`);
    if (written.backupDir) say(`Originals saved in ${written.backupDir}; \`${undoCommandFor(root, io.cwd)}\` restores them.\n`);
  }
  footer();
  return fixExitCode(result, select, written.refused.length, true);
}

/**
 * DESIGN §1: 1 when fixes that were asked for are left unapplied (reverted because they broke the
 * file, not converged, refused by the write, or still reported after the plan); for --diff also
 * when there is a diff to apply.
 */
export function fixExitCode(plan: Plan, select: (f: Finding) => unknown, refused: number, written = false): 0 | 1 {
  const unapplied = refused > 0 || plan.skipped.length > 0 || plan.remaining.some((f) => select(f) !== null);
  return unapplied || (!written && plan.files.length > 0) ? 1 : 0;
}

/**
 * The folder whose `.shipshape/` keeps the backups: the folder being fixed when one is given, the
 * working directory when every path is inside it, else the deepest folder that holds them all.
 */
async function writeRoot(paths: readonly string[], cwd: string): Promise<string> {
  const given = paths.filter((p) => p !== '-').map((p) => resolve(cwd, p));
  if (given.length === 1 && (await stat(given[0]!).then((s) => s.isDirectory(), () => false))) return given[0]!;
  const folders = await Promise.all(given.map(async (p) => ((await stat(p).then((s) => s.isDirectory(), () => false)) ? p : dirname(p))));
  return enclosingFolder(folders, cwd);
}

function undoCommandFor(root: string, cwd: string): string {
  if (root === cwd) return 'shipshape undo';
  const shown = relative(cwd, root) || '.';
  return `shipshape undo ${/^[\w@%+=:,./-]+$/.test(shown) ? shown : `'${shown.replace(/'/g, `'\\''`)}'`}`;
}

export async function undoCommand(args: Args, io: Io): Promise<number> {
  const root = args.positionals[0] ?? '.';
  const result = await (await import('../io/apply.js')).undoLastWrite(root, {force: args.force, cwd: io.cwd});
  for (const note of result.notes) io.stderr(`shipshape: ${note}\n`);
  if (!result.backupDir) {
    io.stderr(`shipshape: nothing to undo in ${root} (no write of shipshape left in .shipshape/backup)\n`);
    return 1;
  }
  for (const r of result.refused) io.stderr(`shipshape: ${r.path}: not restored: ${r.reason}\n`);
  if (result.restored.length > 0 || result.refused.length === 0) {
    io.stdout(`Restored ${result.restored.length} file(s) from ${result.backupDir}${result.restored.length ? `: ${result.restored.join(', ')}` : ''}\n`);
  }
  return result.refused.length > 0 ? 1 : 0;
}
