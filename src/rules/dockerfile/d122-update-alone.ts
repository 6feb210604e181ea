import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {programOf, subcommandOf, type ShellCommand} from '../../formats/dockerfile/shell.js';
import {instructionLocator, stageRuns} from './support.js';

/** Index refreshes, by package manager, and the subcommands that install with a fresh index. */
const MANAGERS: ReadonlyArray<{programs: readonly string[]; update: readonly string[]; install: readonly string[]}> = [
  {programs: ['apt-get', 'apt'], update: ['update'], install: ['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'source', 'reinstall']},
  {programs: ['apk'], update: ['update'], install: ['add', 'upgrade', 'fix']},
  {programs: ['yum', 'dnf', 'microdnf', 'tdnf'], update: ['makecache'], install: ['install', 'in', 'upgrade', 'update', 'up', 'reinstall', 'rei', 'groupinstall', 'localinstall']},
  {programs: ['zypper'], update: ['refresh', 'ref'], install: ['install', 'in', 'update', 'up', 'dist-upgrade', 'dup', 'patch']},
];

function subOf(cmd: ShellCommand): string | null {
  return subcommandOf(cmd, ['-o', '-c', '-t', '--setopt', '--config', '--root', '-R', '-X', '--repository'])?.word.value ?? null;
}

const docs = `## What it does
Reports a RUN that refreshes a package index (\`apt-get update\`, \`apk update\`, \`dnf makecache\`,
\`zypper refresh\`) without installing anything in the same RUN.

## Why it matters
The build cache keeps the layer of \`RUN apt-get update\` for as long as the line does not change. A
later \`RUN apt-get install …\` then installs from an index that may be months old: outdated
packages without their security fixes, or a build that fails once the mirror drops them. The CIS
Docker Benchmark (4.7) asks that update instructions never stand alone.

## Example
\`\`\`dockerfile
FROM debian:12-slim
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl
\`\`\`

## Use instead
\`\`\`dockerfile
FROM debian:12-slim
RUN apt-get update \\
 && apt-get install -y --no-install-recommends curl \\
 && rm -rf /var/lib/apt/lists/*
\`\`\`

## Fix safety
No automatic fix: joining two RUNs changes the layers and the cache of the build. Move the install
into the RUN that updates (as above), or remove the lone update.
`;

export const d122UpdateAlone = defineRule({
  id: 'D122',
  name: 'update-alone',
  kind: 'dockerfile',
  severity: 'medium',
  title: 'Package index updated in a RUN that installs nothing',
  docs,
  references: ['trivy:DS017'],
  links: {'Dockerfile best practices: apt-get': 'https://docs.docker.com/build/building/best-practices/#apt-get'},
  controls: ['cis-docker:4.7'],
  fix: null,
  *check(source): Iterable<FindingDraft> {
    for (const {stage, instruction, script} of stageRuns(source)) {
      if (script.form === 'exec') continue;
      for (const manager of MANAGERS) {
        const ofManager = script.commands.filter((c) => manager.programs.includes(programOf(c)));
        const update = ofManager.find((c) => manager.update.includes(subOf(c) ?? ''));
        if (!update) continue;
        if (ofManager.some((c) => manager.install.includes(subOf(c) ?? ''))) continue;
        yield {
          start: update.start,
          end: update.end,
          message: `\`${programOf(update)} ${subOf(update)}\` alone in its RUN: the build cache keeps this index while later installs use it, without the fixes published since`,
          locator: `${instructionLocator(stage, instruction)} > ${programOf(update)} ${subOf(update)}`,
          advice: `Install in the same RUN as \`${programOf(update)} ${subOf(update)}\`, or remove the lone update.`,
        };
      }
    }
  },
});
