import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {effectiveArgs, programOf, subcommandOf, type ShellCommand} from '../../formats/dockerfile/shell.js';
import {effectiveInstructions} from '../../formats/dockerfile/stages.js';
import type {Stage} from '../../formats/dockerfile/parse.js';
import {parseRun} from '../../formats/dockerfile/shell.js';
import {commandFinding, stageRuns} from './support.js';

const docs = `## What it does
Reports \`apt-get install\` (and \`apt install\`) without \`--no-install-recommends\`, in every
stage, wherever the command sits in the RUN: in an \`&&\`/\`;\` chain, after
\`DEBIAN_FRONTEND=noninteractive\`, inside \`sh -c "…"\`, on a continuation line or in a
\`RUN <<EOF\` heredoc. It stays quiet when the command passes \`-o APT::Install-Recommends=false\` or
an earlier RUN of the stage turned recommends off in \`/etc/apt/apt.conf.d\`. The fix adds
\`--no-install-recommends\` right after the \`install\` of that command.

## Why it matters
By default apt also installs every "recommended" package: often dozens of packages and tens of
megabytes the application never uses (documentation tools, X11 libraries, extra compilers). Each
one is more to download, scan and patch, and more attack surface in the image.

## Example
\`\`\`dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y curl ca-certificates && rm -rf /var/lib/apt/lists/*
\`\`\`

## Use instead
\`\`\`dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*
\`\`\`

## Fix safety
Unsafe: a program may rely on a package that apt only pulled in as a recommendation (a common
example: \`ca-certificates\` for \`curl\` or \`git\` over HTTPS). After the fix, build and test the
image and add the packages it turns out to need to the install line explicitly.
`;

/** apt-get options that take a value (so the next word is not the subcommand). */
const APT_VALUE_OPTIONS = ['-o', '-c', '-t', '--option', '--config-file', '--target-release', '--default-release'];

export function isAptInstall(cmd: ShellCommand): ShellCommand | null {
  const program = programOf(cmd);
  if (program !== 'apt-get' && program !== 'apt') return null;
  const sub = subcommandOf(cmd, APT_VALUE_OPTIONS);
  return sub && sub.word.value === 'install' ? cmd : null;
}

function disablesRecommends(cmd: ShellCommand): boolean {
  return effectiveArgs(cmd).some((w) => w.value === '--no-install-recommends' || /APT::Install-Recommends[= ]+"?(false|0)"?/i.test(w.value));
}

export const d110AptInstallRecommends = defineRule({
  id: 'D110',
  name: 'apt-install-recommends',
  kind: 'dockerfile',
  severity: 'low',
  title: 'apt-get install without --no-install-recommends',
  docs,
  references: ['hadolint:DL3015', 'kics:7384dfb2-fcd1-4fbf-91cd-6c44c318c33c', 'trivy:DS029'],
  links: {
    'Dockerfile best practices: apt-get': 'https://docs.docker.com/build/building/best-practices/#apt-get',
  },
  controls: ['cis-docker:4.3'],
  fix: 'unsafe',
  *check(source): Iterable<FindingDraft> {
    const model = source.dockerfile;
    // Per stage, the first line of a RUN of the stage (or its bases) that turns recommends off for
    // good: read once per stage, not once per RUN (quadratic on long Dockerfiles).
    const turnedOff = new Map<Stage, number>();
    const firstTurnedOff = (stage: Stage): number => {
      let line = turnedOff.get(stage);
      if (line === undefined) {
        line = Infinity;
        for (const i of effectiveInstructions(model, stage)) {
          if (i.getKeyword() === 'RUN' && /Install-Recommends["'\s=]+"?(false|0)/i.test(parseRun(source, i).text)) line = Math.min(line, i.getRange().start.line);
        }
        turnedOff.set(stage, line);
      }
      return line;
    };
    for (const {stage, instruction, script} of stageRuns(source)) {
      if (firstTurnedOff(stage) < instruction.getRange().start.line) continue;
      let n = 0;
      for (const cmd of script.commands) {
        if (!isAptInstall(cmd) || disablesRecommends(cmd)) continue;
        const install = subcommandOf(cmd, APT_VALUE_OPTIONS)!.word;
        const program = programOf(cmd);
        const editable = !install.dynamic;
        yield commandFinding(stage, instruction, cmd, `${program} install[${n++}]`, `\`${program} install\` without \`--no-install-recommends\` also installs every recommended package: a bigger image with more to patch`, {
          fix: editable
            ? {
                title: 'Add --no-install-recommends',
                safety: 'unsafe',
                params: [],
                risk: 'A program may need a package apt only installed as a recommendation; add it to the install line explicitly.',
                edits: () => [
                  script.form === 'exec'
                    ? {file: source.path, start: install.end, end: install.end, text: ', "--no-install-recommends"'}
                    : {file: source.path, start: install.end, end: install.end, text: ' --no-install-recommends'},
                ],
              }
            : null,
        });
      }
    }
  },
});
