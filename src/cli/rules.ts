/** `shipshape rules` and `shipshape explain`: the commands about every rule, so they load them all (check and fix load only the rules of the kinds found). */
import type {Args} from './args.js';
import type {Io} from './context.js';
import type {Rule} from '../core/rule.js';
import {palette} from '../report/color.js';
import {plainLinks, ruleDocs} from '../report/docs.js';
import {coverageJson, coverageText} from '../report/coverage.js';
import {RULES, findRules} from '../rules/registry.js';
import {STANDARDS} from '../knowledge/standards/controls.js';
import {coverage, findStandard} from '../knowledge/standards/coverage.js';
import {describeLookup} from '../knowledge/profiles/describe.js';
import {profileFor} from '../knowledge/profiles/lookup.js';

export function rulesCommand(args: Args, io: Io): number {
  if (args.standard !== undefined) return standardCommand(args, io);
  if (args.format === 'json') {
    const list = RULES.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      severity: r.severity,
      title: r.title,
      fixable: r.fix !== null,
      safety: r.fix,
      ...(r.needsInput ? {needsInput: true} : {}),
      references: [...r.references],
      ...(r.controls?.length ? {controls: [...r.controls]} : {}),
    }));
    io.stdout(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  const c = palette(args.color);
  const lines = RULES.map((r) => {
    const fix = r.fix ? (r.needsInput ? 'input' : r.fix) : '-';
    return `${c.bold(r.id)}  ${r.name.padEnd(28)} ${(r.kind).padEnd(11)} ${r.severity.padEnd(9)} ${fix.padEnd(7)} ${r.title}`;
  });
  io.stdout(`${c.dim(`${'id'.padEnd(4)}  ${'name'.padEnd(28)} ${'kind'.padEnd(11)} ${'severity'.padEnd(9)} ${'fix'.padEnd(7)} title`)}\n${lines.join('\n')}\n`);
  return 0;
}

function standardCommand(args: Args, io: Io): number {
  const wanted = args.standard === 'all' ? STANDARDS : [findStandard(args.standard!)].filter((s) => s !== undefined);
  if (wanted.length === 0) {
    io.stderr(`shipshape: no standard ${args.standard} (known: ${STANDARDS.map((s) => s.id).join(', ')}, all)\n`);
    return 2;
  }
  const list = wanted.map((s) => coverage(s, RULES));
  if (args.format === 'json') io.stdout(coverageJson(list));
  else io.stdout(list.map((cov) => coverageText(cov, palette(args.color))).join('\n'));
  return 0;
}

export function explainCommand(args: Args, io: Io): number {
  const rules = findRules(args.positionals[0]!);
  if (rules.length === 0) {
    io.stderr(`shipshape: no rule ${args.positionals[0]} (see shipshape rules)\n`);
    return 2;
  }
  const c = palette(args.color);
  const pages = rules.map((rule) => {
    const header = `${c.bold(`${rule.id} ${rule.name}`)} — ${rule.title}\nkind ${rule.kind}, severity ${rule.severity}, fix ${rule.fix ?? 'none (guidance)'}\n\n`;
    const body = plainLinks(ruleDocs(rule)).replace(/^(#+) (.*)$/gm, (_, _h, title: string) => c.bold(title));
    return header + body.trimEnd() + '\n' + (args.image !== undefined ? `\n${profilePage(rule, args.image, c)}` : '');
  });
  io.stdout(pages.join(`\n${'─'.repeat(60)}\n\n`));
  return 0;
}

/** What `explain RULE --image IMAGE` adds: how the image matched its profile and the facts the rule reads, with their sources. */
function profilePage(rule: Rule, image: string, c: ReturnType<typeof palette>): string {
  if (!rule.profileFacts?.length) return `${rule.id} reads no image profile.\n`;
  const [title, ...rest] = describeLookup(image, profileFor(image), rule.profileFacts);
  return `${c.bold(title!)}\n${rest.join('\n')}\n`;
}
