import type {FindingDraft} from '../../core/model.js';
import {defineRule} from '../../core/rule.js';
import {appendToRun, effectiveArgs, hasCacheMount, programOf, subcommandOf, type RunScript, type ShellCommand} from '../../formats/dockerfile/shell.js';
import {instructionLocator, stageRuns} from './support.js';

const docs = `## What it does
Reports a RUN that installs with yum, dnf, microdnf, zypper or yarn and does not clean that tool's
cache afterwards in the same RUN: \`yum clean all\`, \`dnf clean all\` / \`microdnf clean all\` (or
\`rm -rf /var/cache/yum\` / \`/var/cache/dnf\`), \`zypper clean\` / \`zypper cc\`, \`yarn cache clean\`.
A \`--mount=type=cache\` on the tool's cache folder counts as clean. Every stage is checked, as
hadolint does. The fix appends the clean step after the last command of the RUN, in the RUN's own
layout (inline, a new continuation line, or a line of a \`RUN <<EOF\` script).

## Why it matters
These tools keep downloaded packages and repository metadata in the image layer: yum/dnf
metadata alone is often 100+ MB, and yarn's cache holds a copy of every package tarball. Cleaning
in a later RUN does not shrink the earlier layer.

## Example
\`\`\`dockerfile
FROM registry.access.redhat.com/ubi9/ubi:9.4
RUN dnf install -y python3
\`\`\`

## Use instead
\`\`\`dockerfile
FROM registry.access.redhat.com/ubi9/ubi:9.4
RUN dnf install -y python3 && dnf clean all
\`\`\`

## Fix safety
Safe: only caches are removed, after the install has finished; the installed packages are the same.
`;

interface Manager {
  programs: string[];
  installs: string[];
  /** True when the command cleans this manager's cache. */
  cleans(cmd: ShellCommand, program: string): boolean;
  /** Cache folders a cache mount may cover. */
  cacheDirs: string[];
  cleanStep(program: string): string;
}

const rmOf = (cmd: ShellCommand, re: RegExp) => programOf(cmd) === 'rm' && effectiveArgs(cmd).some((w) => re.test(w.value));
const subIs = (cmd: ShellCommand, ...words: string[]) => {
  const argv = effectiveArgs(cmd).slice(1).filter((w) => !w.value.startsWith('-'));
  return words.every((w, i) => argv[i]?.value === w);
};

const MANAGERS: Manager[] = [
  {
    programs: ['yum'],
    installs: ['install', 'groupinstall', 'localinstall', 'reinstall', 'update', 'upgrade', 'update-minimal', 'upgrade-minimal'],
    cleans: (c) => (programOf(c) === 'yum' && subIs(c, 'clean', 'all')) || rmOf(c, /^\/var\/cache\/yum/),
    cacheDirs: ['/var/cache/yum'],
    cleanStep: () => 'yum clean all',
  },
  {
    programs: ['dnf', 'microdnf', 'dnf5', 'tdnf'],
    // With dnf's own aliases: `in` install, `rei` reinstall, `up` upgrade (dnf(8) "Command aliases").
    installs: ['install', 'in', 'groupinstall', 'reinstall', 'rei', 'update', 'upgrade', 'up', 'upgrade-minimal', 'update-minimal', 'distro-sync', 'dsync'],
    cleans: (c, p) => (programOf(c) === p && subIs(c, 'clean', 'all')) || rmOf(c, /^\/var\/cache\/(yum|dnf|libdnf5)/),
    cacheDirs: ['/var/cache/dnf', '/var/cache/yum', '/var/cache/libdnf5'],
    cleanStep: (p) => `${p} clean all`,
  },
  {
    programs: ['zypper'],
    // zypper(8): `in` install, `up` update, `dup` dist-upgrade also fetch packages into the cache.
    installs: ['install', 'in', 'update', 'up', 'dist-upgrade', 'dup', 'patch'],
    cleans: (c) => (programOf(c) === 'zypper' && (subIs(c, 'clean') || subIs(c, 'cc'))) || rmOf(c, /^\/var\/cache\/zypp/),
    cacheDirs: ['/var/cache/zypp'],
    cleanStep: () => 'zypper clean --all',
  },
  {
    programs: ['yarn'],
    installs: ['install'],
    cleans: (c) => programOf(c) === 'yarn' && subIs(c, 'cache', 'clean'),
    cacheDirs: ['/usr/local/share/.cache/yarn', '/root/.cache/yarn', '/root/.yarn', '/home/node/.cache/yarn'],
    cleanStep: () => 'yarn cache clean',
  },
];

const OPTIONS_WITH_VALUE = ['-c', '--config', '--setopt', '--releasever', '--installroot', '--cwd', '-R', '--root'];

function isInstall(cmd: ShellCommand, manager: Manager): string | null {
  const program = programOf(cmd);
  if (!manager.programs.includes(program)) return null;
  const sub = subcommandOf(cmd, OPTIONS_WITH_VALUE);
  return sub && manager.installs.includes(sub.word.value) ? program : null;
}

/** The subcommand as written (`in`, `upgrade-minimal`), for the message. */
function isInstallWord(cmd: ShellCommand): string {
  return subcommandOf(cmd, OPTIONS_WITH_VALUE)?.word.value ?? 'install';
}

function yarnCacheMounted(script: RunScript): boolean {
  return script.mounts.some((m) => m.type === 'cache' && /yarn/.test(m.target));
}

export const d114PackageCacheKept = defineRule({
  id: 'D114',
  name: 'package-cache-kept',
  kind: 'dockerfile',
  severity: 'low',
  title: 'yum/dnf/zypper/yarn install without cleaning its cache in the same RUN',
  docs,
  references: [
    'hadolint:DL3032',
    'hadolint:DL3040',
    'hadolint:DL3036',
    'hadolint:DL3060',
    'kics:00481784-25aa-4a55-8633-3136dfcf4f37',
    'kics:295acb63-9246-4b21-b441-7c1f1fb62dc0',
    'kics:38300d1a-feb2-4a48-936a-d1ef1cd24313',
    'trivy:DS015',
    'trivy:DS019',
    'trivy:DS020',
  ],
  fix: 'safe',
  *check(source): Iterable<FindingDraft> {
    for (const {stage, instruction, script} of stageRuns(source)) {
      if (script.form === 'exec') continue;
      for (const manager of MANAGERS) {
        const installs = script.commands.filter((c) => isInstall(c, manager));
        if (installs.length === 0) continue;
        if (hasCacheMount(script, ...manager.cacheDirs) || (manager.programs[0] === 'yarn' && yarnCacheMounted(script))) continue;
        // Each program of the family needs its clean after its last install.
        const byProgram = new Map<string, ShellCommand>();
        for (const c of installs) byProgram.set(isInstall(c, manager)!, c);
        for (const [program, last] of byProgram) {
          const cleaned = script.commands.some((c) => c.start > last.start && manager.cleans(c, program));
          if (cleaned) continue;
          const step = manager.cleanStep(program);
          const edit = appendToRun(source, script, step);
          yield {
            start: last.start,
            end: last.end,
            message: `\`${program} ${isInstallWord(last)}\` without \`${step}\` in the same RUN keeps the package cache in this layer`,
            locator: `${instructionLocator(stage, instruction)} > ${program}`,
            fix: edit ? {title: `Append \`&& ${step}\``, safety: 'safe', params: [], edits: () => [edit]} : null,
          };
        }
      }
    }
  },
});
