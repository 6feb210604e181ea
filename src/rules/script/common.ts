/** What the container command-line rules (R5xx) share: the commands of a file, findings and fixes on them. */
import type {Edit, Fix, FindingDraft, FixParam, ParamValues} from '../../core/model.js';
import {defineRule, type Rule, type RuleContext} from '../../core/rule.js';
import type {DockerfileSource, ScriptSource, YamlSource} from '../../core/source.js';
import {containerCommands, describe, insertOptions, optionNamed, removeOption, type CliOption, type ContainerCommand} from '../../formats/commands/docker-cli.js';
import {effectiveArgs} from '../../formats/dockerfile/shell.js';
import {profileFor, type ProfileLookup} from '../../knowledge/profiles/lookup.js';
import type {NodeAgent} from '../../knowledge/profiles/types.js';
import {declaredHeapIn, heapVariables, type DeclaredHeap, type SizingSubject} from '../../knowledge/resource-limits.js';

export type CommandSource = ScriptSource | YamlSource | DockerfileSource;

/** The rule shape every R5xx rule has: kind `script`, also reading CI `run:`/`script:` steps and the usage notes in Dockerfile comments. */
export function commandRule(rule: Omit<Rule<'script'>, 'kind' | 'check' | 'alsoReads'> & {check(cmd: ContainerCommand, ctx: RuleContext, locator: string): Iterable<FindingDraft>}): Rule<'script'> {
  const {check, ...meta} = rule;
  return defineRule({
    ...meta,
    kind: 'script',
    alsoReads: ['ci', 'dockerfile'],
    *check(source: CommandSource, ctx: RuleContext) {
      const seen = new Map<string, number>();
      for (const cmd of containerCommands(source)) {
        const label = describe(cmd);
        const n = seen.get(label) ?? 0;
        seen.set(label, n + 1);
        yield* check(cmd, ctx, `${label}${n ? `#${n + 1}` : ''}`);
      }
    },
  } as Rule<'script'>);
}

/** A finding on the whole command. */
export function at(cmd: ContainerCommand, locator: string, message: string, extra: Partial<FindingDraft> = {}): FindingDraft {
  return {start: cmd.start, end: cmd.end, locator, message, ...extra};
}

/** A fix that inserts options after the verb; null where the command may not be edited (Markdown, escaped YAML). */
export function insertFix(cmd: ContainerCommand, title: string, risk: string, text: (p: ParamValues) => string, params: readonly FixParam[] = []): Fix | null {
  if (!cmd.editable) return null;
  return {title, safety: 'unsafe', params, risk, edits: (p) => [insertOptions(cmd, text(p))]};
}

/** A fix that removes options; null where one of them cannot be removed word-wise or the command not edited. */
export function removeFix(cmd: ContainerCommand, options: readonly CliOption[], title: string, risk: string): Fix | null {
  if (!cmd.editable) return null;
  const edits = options.map((o) => removeOption(cmd, o));
  if (edits.some((e) => e === null)) return null;
  return {title, safety: 'unsafe', params: [], risk, edits: () => edits as Edit[]};
}

/** The image's profile, or not known (no image, or a `$VARIABLE` in it). */
export function profileOf(cmd: ContainerCommand): ProfileLookup {
  if (!cmd.image || cmd.image.dynamic) {
    const unresolved = [...(cmd.image?.value ?? '').matchAll(/\$[{(]?(\w+)/g)].map((m) => m[1]!);
    return {certainty: 'not-known', image: cmd.image?.value ?? '', why: cmd.image ? 'unresolved-variable' : 'empty', unresolved, howToCheck: ''};
  }
  return profileFor(cmd.image.value);
}

/** The image and its profile lookup, as knowledge/resource-limits.ts sizes limits by; null without an image. */
export function sizingSubject(cmd: ContainerCommand): SizingSubject {
  return cmd.image ? {image: cmd.image.value, found: profileOf(cmd)} : null;
}

/** The words after the image: the command the container runs (`java -Xmx2g -jar app.jar`). */
export function commandAfterImage(cmd: ContainerCommand): string {
  const argv = effectiveArgs(cmd.command);
  const at = cmd.image ? argv.indexOf(cmd.image) : -1;
  return at === -1 ? '' : argv.slice(at + 1).map((w) => w.value).join(' ');
}

/** The JVM heap the command declares: `-e JAVA_OPTS=-Xmx1g`, a heap variable its profile names, `--entrypoint` or the command. */
export function declaredHeapOf(cmd: ContainerCommand): DeclaredHeap | null {
  const env = optionNamed(cmd, '--env').flatMap((o) => {
    const eq = o.value?.indexOf('=') ?? -1;
    return o.value && !o.dynamic && eq > 0 ? [[o.value.slice(0, eq), o.value.slice(eq + 1)] as const] : [];
  });
  const entrypoint = optionNamed(cmd, '--entrypoint').map((o) => ({where: '--entrypoint', text: o.value ?? ''}));
  return declaredHeapIn(env, [...entrypoint, {where: 'the command', text: commandAfterImage(cmd)}], heapVariables(sizingSubject(cmd)));
}

/** What the image's profile says it needs from the host as a node agent (a binfmt installer, a host monitor), or null. */
export function nodeAgentOf(cmd: ContainerCommand): {title: string; agent: NodeAgent; source: string} | null {
  const found = profileOf(cmd);
  if (found.certainty === 'not-known' || !found.profile.nodeAgent) return null;
  const url = /https:\/\/[^\s;,)]+/.exec(found.profile.nodeAgent.source)?.[0];
  return {title: found.profile.title, agent: found.profile.nodeAgent, source: url ?? found.profile.sources[0] ?? found.profile.nodeAgent.source};
}

/** True when `--user` starts it as a literal non-root user: it steps down from nothing. */
export function startsAsNonRootUser(cmd: ContainerCommand): boolean {
  const user = optionNamed(cmd, '--user').at(-1);
  if (!user || user.dynamic || !user.value) return false;
  const name = user.value.split(':')[0]!;
  return name !== '' && name !== 'root' && name !== '0';
}

/** True for the `docker service create` verb (Swarm options differ). */
export const isService = (cmd: ContainerCommand): boolean => cmd.verb === 'service create';

/** Rule docs in the fixed sections, with shell examples. */
export function runDocs(d: {what: string; why: string; bad: string; good: string; safety: string}): string {
  return [
    '## What it does', d.what, '',
    '## Why it matters', d.why, '',
    '## Example', '```sh', d.bad, '```', '',
    '## Use instead', '```sh', d.good, '```', '',
    '## Fix safety', d.safety, '',
  ].join('\n');
}

/** Where the family looks, said once in every rule's docs. */
export const WHERE = 'in shell scripts, Makefiles, systemd units, CI `run:`/`script:` steps, and documentation: the shell code blocks of Markdown documents and the usage notes in Dockerfile comments (`# docker run …`; those are checked, not fixed)';

