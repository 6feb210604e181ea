import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {appendToRun, effectiveArgs, hasCacheMount, programOf, subcommandOf, type RunScript, type ShellCommand} from '../../formats/dockerfile/shell.js';
import {resolveBase} from '../../formats/dockerfile/stages.js';
import type {Stage} from '../../formats/dockerfile/parse.js';
import {imageStages, instructionLocator, stageRuns} from './support.js';

const docs = `## What it does
Reports a RUN that runs \`apt-get update\` (or \`apt update\`) but does not delete
\`/var/lib/apt/lists\` in the same RUN, in the stages whose layers end up in an image (the final
stage and the stages other stages build \`FROM\`; a pure build stage is left alone, as hadolint
does). A \`--mount=type=cache\` on \`/var/lib/apt\` or \`/var/cache/apt\` counts as clean: the lists
then never reach the layer. The fix appends \`&& rm -rf /var/lib/apt/lists/*\` after the last command
of the RUN, in the RUN's own layout (inline, a new \`&& …\` continuation line with the same
indentation, or a new line of a \`RUN <<EOF\` script that uses \`set -e\`).

## Why it matters
\`apt-get update\` downloads the package indexes of every configured repository (typically 20–50 MB).
Deleting them in a later RUN does not help: they are already baked into the earlier layer. They are
only useful while installing, so they belong in the same RUN and nowhere in the image.

## Example
\`\`\`dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
\`\`\`

## Use instead
\`\`\`dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
\`\`\`

## Fix safety
Safe: the lists are only read by apt while it installs. The fix is not offered when a later RUN of
the same image installs packages without its own \`apt-get update\` (it relies on these lists), or
when this RUN only updates; then move the install into this RUN first.
`;

const CLEANUP = 'rm -rf /var/lib/apt/lists/*';

function isApt(cmd: ShellCommand, ...subcommands: string[]): boolean {
  const program = programOf(cmd);
  if (program !== 'apt-get' && program !== 'apt') return false;
  const sub = subcommandOf(cmd, ['-o', '-c', '-t', '--option', '--config-file', '--target-release']);
  return sub !== null && subcommands.includes(sub.word.value);
}

function removesLists(script: RunScript): boolean {
  return script.commands.some((c) => {
    const argv = effectiveArgs(c);
    const program = programOf(c);
    if (program === 'rm') return argv.some((w) => /^\/var\/lib\/apt\/lists(\/|$)/.test(w.value));
    if (program === 'find') return argv.some((w) => /^\/var\/lib\/apt\/lists/.test(w.value)) && argv.some((w) => w.value === '-delete');
    return false;
  });
}

export const d111AptListsKept = defineRule({
  id: 'D111',
  name: 'apt-lists-kept',
  kind: 'dockerfile',
  severity: 'low',
  title: 'apt-get update without removing /var/lib/apt/lists in the same RUN',
  docs,
  references: ['hadolint:DL3009', 'kics:df746b39-6564-4fed-bf85-e9c44382303c'],
  links: {
    'Dockerfile best practices: apt-get': 'https://docs.docker.com/build/building/best-practices/#apt-get',
  },
  fix: 'safe',
  *check(source): Iterable<FindingDraft> {
    const model = source.dockerfile;
    const relevant = imageStages(source);
    const runs = stageRuns(source);
    // The RUNs that install without their own update (they need lists an earlier RUN left): the
    // last one in each stage, and the stages a later stage building on them has one in.
    const needsLists = {lastInStage: new Map<Stage, number>(), inLaterStages: new Set<Stage>()};
    for (const other of runs) {
      if (!other.script.commands.some((c) => isApt(c, 'install', 'upgrade', 'dist-upgrade', 'build-dep')) || other.script.commands.some((c) => isApt(c, 'update'))) continue;
      needsLists.lastInStage.set(other.stage, Math.max(needsLists.lastInStage.get(other.stage) ?? -1, other.instruction.getRange().start.line));
      for (const base of resolveBase(model, other.stage).chain) if (base !== other.stage) needsLists.inLaterStages.add(base);
    }
    for (const run of runs) {
      const {stage, instruction, script} = run;
      if (!relevant.has(stage) || script.form === 'exec') continue;
      const update = script.commands.find((c) => isApt(c, 'update'));
      if (!update) continue;
      if (removesLists(script) || hasCacheMount(script, '/var/lib/apt', '/var/cache/apt', '/var/lib/apt/lists')) continue;
      const installs = script.commands.some((c) => c.start > update.start && isApt(c, 'install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep'));
      // A later RUN of an image built on this stage that installs without its own update needs these lists.
      const laterNeedsLists = needsLists.inLaterStages.has(stage) || (needsLists.lastInStage.get(stage) ?? -1) > instruction.getRange().start.line;
      const edit = installs && !laterNeedsLists ? appendToRun(source, script, CLEANUP) : null;
      yield {
        start: update.start,
        end: update.end,
        message: '`apt-get update` leaves its package lists (/var/lib/apt/lists, tens of MB) in this layer; remove them in the same RUN',
        locator: instructionLocator(stage, instruction),
        ...(edit ? {} : {advice: installs ? 'A later RUN installs packages with these lists; add `apt-get update` to it, or install everything here, then remove the lists.' : 'This RUN only updates the lists; install the packages in the same RUN and remove the lists at its end.'}),
        fix: edit
          ? {title: `Append \`&& ${CLEANUP}\``, safety: 'safe', params: [], edits: () => [edit]}
          : null,
      };
    }
  },
});
