import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {basename} from '../../formats/dockerfile/shell.js';
import {deleteWithin} from '../../formats/dockerfile/edit.js';
import {commandFinding, isRootUser, stageRuns, userAt} from './support.js';

const docs = `## What it does
Reports \`sudo\` in a RUN (anywhere in its commands, also inside \`sh -c\` and heredocs). When the RUN
runs as root (no non-root \`USER\` before it), the fix removes \`sudo\` and its harmless options
(\`-E\`, \`-H\`, \`-n\`, \`-S\`); with \`-u\`/\`-g\` or after a non-root \`USER\` there is no fix, only
advice.

## Why it matters
The build already runs as the stage's user, usually root, so \`sudo\` adds nothing but a package
with a long history of privilege-escalation bugs, and its TTY and environment handling makes
builds behave unpredictably (\`sudo\` resets \`PATH\` and drops variables). Keeping \`sudo\` in the
image also lets any process that gets in become root again.

## Example
\`\`\`dockerfile
FROM ubuntu:24.04
RUN sudo apt-get update && sudo apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
\`\`\`

## Use instead
\`\`\`dockerfile
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
\`\`\`

## Fix safety
Unsafe: \`sudo\` resets the environment and \`PATH\`; without it the command sees the Dockerfile's
\`ENV\`. After a non-root \`USER\`, run the command before the \`USER\` line (or switch with
\`USER root\` and back) instead — the fix does not do that for you.
`;

const HARMLESS = /^-[EHnS]+$|^--(preserve-env|non-interactive|stdin)$|^--$/;

export const d109Sudo = defineRule({
  id: 'D109',
  name: 'sudo',
  kind: 'dockerfile',
  severity: 'medium',
  title: 'sudo in RUN',
  docs,
  references: ['hadolint:DL3004', 'kics:8ada6e80-0ade-439e-b176-0b28f6bce35a', 'trivy:DS010'],
  fix: 'unsafe',
  *check(source): Iterable<FindingDraft> {
    for (const {stage, instruction, script} of stageRuns(source)) {
      if (script.form === 'exec') continue;
      const user = userAt(source, stage, instruction);
      const asRoot = user === null || isRootUser(user);
      let n = 0;
      for (const cmd of script.commands) {
        const first = cmd.words[0];
        if (!first || basename(first.value) !== 'sudo') continue;
        let i = 1;
        while (i < cmd.words.length && HARMLESS.test(cmd.words[i]!.value)) i++;
        const next = cmd.words[i];
        const removable = asRoot && next !== undefined && !next.value.startsWith('-') && !first.dynamic;
        const message = asRoot
          ? '`sudo` in a RUN that already runs as root: it only adds a setuid binary and resets the environment'
          : `\`sudo\` after \`USER ${user}\`: the image keeps a way back to root`;
        yield commandFinding(stage, instruction, cmd, `sudo[${n++}]`, message, {
          ...(removable ? {} : {advice: asRoot ? 'Run the command directly; use `USER` to change users in a Dockerfile.' : 'Move this command before the non-root `USER` line (or wrap it in `USER root` … `USER <uid>`) and remove sudo from the image.'}),
          fix: removable
            ? {
                title: 'Remove sudo',
                safety: 'unsafe',
                params: [],
                risk: 'sudo resets PATH and the environment; without it the command sees the Dockerfile ENV.',
                edits: () => deleteWithin(source, first.start, next.start),
              }
            : null,
        });
      }
    }
  },
});
