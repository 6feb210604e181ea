import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {hasCacheMount, hasOption, programOf, subcommandOf} from '../../formats/dockerfile/shell.js';
import {commandFinding, stageRuns} from './support.js';

const docs = `## What it does
Reports \`apk add\` without \`--no-cache\`, in every stage and wherever the command sits in the RUN
(\`&&\` chains, \`;\`, continuation lines, \`sh -c\`, heredocs). A \`--mount=type=cache\` on
\`/var/cache/apk\` (or \`/etc/apk/cache\`) counts as fine. The fix adds \`--no-cache\` right after the
\`add\` of that command.

## Why it matters
Without \`--no-cache\`, apk keeps the downloaded package index in \`/var/cache/apk\`, a few MB in every
layer that installs something, and \`apk update\` + \`rm -rf /var/cache/apk/*\` is easy to get wrong.
\`--no-cache\` fetches the index on the fly and stores nothing.

## Example
\`\`\`dockerfile
FROM alpine:3.20
RUN apk update && apk add curl
\`\`\`

## Use instead
\`\`\`dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl
\`\`\`

## Fix safety
Safe: the same packages are installed; only the index cache is not kept.
`;

const APK_VALUE_OPTIONS = ['-X', '--repository', '-p', '--root', '--arch', '--keys-dir', '--repositories-file', '--cache-dir', '-t', '--virtual'];

export const d112ApkCacheKept = defineRule({
  id: 'D112',
  name: 'apk-cache-kept',
  kind: 'dockerfile',
  severity: 'low',
  title: 'apk add without --no-cache',
  docs,
  references: ['hadolint:DL3019', 'kics:ae9c56a6-3ed1-4ac0-9b54-31267f51151d', 'trivy:DS025'],
  links: {
    'docker-alpine: disabling the cache': 'https://github.com/gliderlabs/docker-alpine/blob/master/docs/usage.md#disabling-cache',
  },
  fix: 'safe',
  *check(source): Iterable<FindingDraft> {
    for (const {stage, instruction, script} of stageRuns(source)) {
      if (hasCacheMount(script, '/var/cache/apk', '/etc/apk/cache')) continue;
      let n = 0;
      for (const cmd of script.commands) {
        if (programOf(cmd) !== 'apk') continue;
        const sub = subcommandOf(cmd, APK_VALUE_OPTIONS);
        if (!sub || sub.word.value !== 'add' || hasOption(cmd, '--no-cache')) continue;
        const add = sub.word;
        yield commandFinding(stage, instruction, cmd, `apk add[${n++}]`, '`apk add` without `--no-cache` keeps the package index in /var/cache/apk in this layer', {
          fix: add.dynamic
            ? null
            : {
                title: 'Add --no-cache',
                safety: 'safe',
                params: [],
                edits: () => [{file: source.path, start: add.end, end: add.end, text: script.form === 'exec' ? ', "--no-cache"' : ' --no-cache'}],
              },
        });
      }
    }
  },
});
