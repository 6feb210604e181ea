import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {basename, effectiveArgs, type RunScript, type ShellCommand, type ShellWord} from '../../formats/dockerfile/shell.js';
import {stageVariables} from '../../formats/dockerfile/stages.js';
import {commandFinding, stageRuns} from './support.js';

const docs = `## What it does
Reports \`pip install\` without \`--no-cache-dir\` (also \`pip3\`, \`pip3.12\`, \`python -m pip\`,
\`python3 -m pip\`), in every stage. It stays quiet when the cache is off another way:
\`PIP_NO_CACHE_DIR=1\` (or \`true\`/\`on\`/\`yes\`) set by \`ENV\`/\`ARG\` in the stage or its bases, as a
prefix of the command or \`export\`ed earlier in the RUN, or a \`--mount=type=cache\` on pip's cache
(\`/root/.cache/pip\`, \`/root/.cache\`, or the \`PIP_CACHE_DIR\` the file sets). pipx and pipenv are
not pip. pip accepts any unambiguous prefix of a long option, so \`--no-cache\` (and
\`--no-cache-d\`, \`--no-cache-di\`) is \`--no-cache-dir\` and counts as present. The fix adds
\`--no-cache-dir\` right after the \`install\` of that command.

## Why it matters
pip keeps every downloaded wheel and source archive in \`~/.cache/pip\`. In an image that cache is
dead weight, often larger than the installed packages themselves (tens to hundreds of MB for
scientific stacks).

## Example
\`\`\`dockerfile
FROM python:3.12-slim
COPY requirements.txt .
RUN pip install -r requirements.txt
\`\`\`

## Use instead
\`\`\`dockerfile
FROM python:3.12-slim
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
\`\`\`

## Fix safety
Safe: the same packages are installed; pip only skips writing its download cache.
`;

const TRUTHY = new Set(['1', 'true', 'on', 'yes']);

/** The `install` word of a pip install command, or null. */
export function pipInstallWord(cmd: ShellCommand): ShellWord | null {
  const argv = effectiveArgs(cmd);
  if (argv.length === 0) return null;
  const program = basename(argv[0]!.value);
  let i = 1;
  if (/^python(\d+(\.\d+)?)?$/.test(program)) {
    const m = argv.findIndex((w) => w.value === '-m');
    if (m === -1 || argv[m + 1]?.value !== 'pip') return null;
    i = m + 2;
  } else if (!/^pip(\d+(\.\d+)?)?$/.test(program)) {
    return null;
  }
  for (; i < argv.length; i++) {
    const v = argv[i]!.value;
    if (v.startsWith('-')) continue;
    return v === 'install' ? argv[i]! : null;
  }
  return null;
}

/**
 * pip parses its options with optparse, which takes any unambiguous prefix of a long option:
 * `--no-cache` is `--no-cache-dir` (no other pip option starts with `--no-ca`).
 */
function hasNoCacheDir(cmd: ShellCommand): boolean {
  return effectiveArgs(cmd).some((w) => {
    const name = w.value.split('=', 1)[0]!;
    return name.length >= '--no-cache'.length && '--no-cache-dir'.startsWith(name);
  });
}

function cacheOffInScript(script: RunScript, before: number): boolean {
  return script.commands.some((c) => {
    if (c.start >= before) return false;
    const argv = effectiveArgs(c);
    if (argv[0]?.value !== 'export') return false;
    return argv.slice(1).some((w) => /^PIP_NO_CACHE_DIR=/.test(w.value) && TRUTHY.has(w.value.split('=')[1]!.toLowerCase()));
  });
}

export const d113PipCacheKept = defineRule({
  id: 'D113',
  name: 'pip-cache-kept',
  kind: 'dockerfile',
  severity: 'low',
  title: 'pip install without --no-cache-dir',
  docs,
  references: ['hadolint:DL3042', 'kics:f2f903fb-b977-461e-98d7-b3e2185c6118'],
  links: {
    'pip: caching': 'https://pip.pypa.io/en/stable/topics/caching/',
  },
  fix: 'safe',
  *check(source): Iterable<FindingDraft> {
    const model = source.dockerfile;
    for (const {stage, instruction, script} of stageRuns(source)) {
      const vars = stageVariables(model, stage, instruction.getRange().start.line);
      if (TRUTHY.has((vars.get('PIP_NO_CACHE_DIR') ?? '').toLowerCase())) continue;
      const cacheDirs = ['/root/.cache/pip', '/root/.cache'];
      const custom = vars.get('PIP_CACHE_DIR');
      if (custom) cacheDirs.push(custom);
      if (script.mounts.some((m) => m.type === 'cache' && (cacheDirs.includes(m.target.replace(/\/$/, '')) || /\.cache\/pip\/?$/.test(m.target)))) continue;
      let n = 0;
      for (const cmd of script.commands) {
        const install = pipInstallWord(cmd);
        if (!install || hasNoCacheDir(cmd)) continue;
        if (cmd.assignments.some((a) => /^PIP_NO_CACHE_DIR=/.test(a.value) && TRUTHY.has(a.value.split('=')[1]!.toLowerCase()))) continue;
        if (cacheOffInScript(script, cmd.start)) continue;
        yield commandFinding(stage, instruction, cmd, `pip install[${n++}]`, '`pip install` without `--no-cache-dir` keeps every downloaded package in ~/.cache/pip in this layer', {
          fix: install.dynamic
            ? null
            : {
                title: 'Add --no-cache-dir',
                safety: 'safe',
                params: [],
                edits: () => [{file: source.path, start: install.end, end: install.end, text: script.form === 'exec' ? ', "--no-cache-dir"' : ' --no-cache-dir'}],
              },
        });
      }
    }
  },
});
