import type {Edit, FindingDraft} from '../../core/model.js';
import type {DockerfileSource} from '../../core/source.js';
import {defineRule} from '../../core/rule.js';
import {effectiveArgs, programOf, type ShellCommand, type ShellWord} from '../../formats/dockerfile/shell.js';
import {instructionLocator, stageRuns} from './support.js';

/** What turns off a tool's signature or certificate check: a whole option, an option and its value, or a letter of a short group. */
interface Weakening {
  programs: readonly string[];
  /** Options removed as one word (`--nogpgcheck`, `--setopt=gpgcheck=0`). */
  words?: RegExp;
  /** An option whose next word is its value (`--trusted-host pypi.org`, `-o Acquire::AllowInsecureRepositories=true`). */
  pairs?: ReadonlyArray<{option: RegExp; value: RegExp}>;
  /** A letter inside a short-option group (`curl -fsSLk`). */
  letter?: string;
  what: string;
}

const WEAKENINGS: readonly Weakening[] = [
  {
    programs: ['apt-get', 'apt', 'aptitude'],
    words: /^(--allow-unauthenticated|--allow-insecure-repositories|--force-yes|-o(APT::Get::AllowUnauthenticated|Acquire::AllowInsecureRepositories|Acquire::https?::Verify-Peer)=(true|1|yes|false|0|no))$/i,
    pairs: [{option: /^-o$/, value: /^(APT::Get::AllowUnauthenticated|Acquire::AllowInsecureRepositories|Acquire::AllowDowngradeToInsecureRepositories)=(true|1|yes)$|^Acquire::https?::Verify-(Peer|Host)=(false|0|no)$/i}],
    what: 'installs packages without checking their signatures',
  },
  {programs: ['apk'], words: /^--allow-untrusted$/, what: 'installs packages without checking their signatures'},
  {
    programs: ['yum', 'dnf', 'microdnf', 'tdnf', 'dnf5'],
    words: /^(--nogpgcheck|--no-gpgchecks?|--setopt=([\w.*-]+\.)?(gpgcheck|repo_gpgcheck|sslverify)=(0|false|no))$/i,
    pairs: [{option: /^--setopt$/, value: /^([\w.*-]+\.)?(gpgcheck|repo_gpgcheck|sslverify)=(0|false|no)$/i}],
    what: 'installs packages without checking their signatures',
  },
  {programs: ['zypper'], words: /^(--no-gpg-checks|--no-check-signatures|--insecure)$/, what: 'installs packages without checking their signatures'},
  {programs: ['rpm'], words: /^(--nosignature|--nodigest|--nogpg)$/, what: 'installs a package without checking its signature'},
  {
    programs: ['pip', 'pip3', 'python', 'python3', 'uv'],
    words: /^--trusted-host=\S+$/,
    pairs: [{option: /^--trusted-host$/, value: /^\S+$/}],
    what: 'trusts a package index without checking its certificate',
  },
  {programs: ['npm', 'yarn', 'pnpm'], words: /^--strict-ssl=(false|0)$/, what: 'downloads packages without checking the registry certificate'},
  {programs: ['curl'], words: /^--insecure$/, letter: 'k', what: 'downloads without checking the server certificate'},
  {programs: ['wget'], words: /^--no-check-certificate$/, what: 'downloads without checking the server certificate'},
  {
    programs: ['git'],
    pairs: [{option: /^-c$/, value: /^http\.sslVerify=(false|0|no)$/i}],
    what: 'clones without checking the server certificate',
  },
];

/** Text that turns checks off in a file the RUN writes (`gpgcheck=0` in a .repo, `[trusted=yes]` in sources.list). */
const IN_TEXT = /gpgcheck\s*=\s*0\b|\[\s*trusted\s*=\s*yes\s*\]|sslverify\s*=\s*(0|false)\b|\bstrict-ssl\s+false\b|\bGIT_SSL_NO_VERIFY=\S|\bNODE_TLS_REJECT_UNAUTHORIZED=0\b/i;

interface Hit {
  shown: string;
  edit: (source: DockerfileSource) => Edit;
}

function hitsOf(cmd: ShellCommand, w: Weakening): Hit[] {
  const argv = effectiveArgs(cmd);
  const out: Hit[] = [];
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i]!;
    if (word.dynamic) continue;
    if (w.words?.test(word.value)) {
      out.push({shown: word.value, edit: (s) => removeRange(s, cmd, word, word)});
      continue;
    }
    const pair = w.pairs?.find((p) => p.option.test(word.value) && argv[i + 1] && p.value.test(argv[i + 1]!.value));
    if (pair) {
      const value = argv[i + 1]!;
      out.push({shown: `${word.value} ${value.value}`, edit: (s) => removeRange(s, cmd, word, value)});
      i++;
      continue;
    }
    if (w.letter && /^-[A-Za-z]+$/.test(word.value) && word.value.includes(w.letter) && !word.quoted) {
      if (word.value.length === 2) out.push({shown: word.value, edit: (s) => removeRange(s, cmd, word, word)});
      else {
        const at = word.start + word.raw.indexOf(w.letter, 1);
        out.push({shown: word.value, edit: (s) => ({file: s.path, start: at, end: at + 1, text: ''})});
      }
    }
  }
  return out;
}

/** Removes the words from `first` to `last` with the blank (or line continuation) before them. */
function removeRange(source: DockerfileSource, cmd: ShellCommand, first: ShellWord, last: ShellWord): Edit {
  const index = cmd.words.indexOf(first);
  const prev = index > 0 ? cmd.words[index - 1]! : null;
  return {file: source.path, start: prev ? prev.end : first.start, end: last.end, text: ''};
}

const docs = `## What it does
Reports package and download commands in a RUN that turn off signature or certificate checks:
\`apt-get --allow-unauthenticated\` (and \`--allow-insecure-repositories\`, \`--force-yes\`,
\`-o Acquire::AllowInsecureRepositories=true\`), \`apk --allow-untrusted\`, \`dnf/yum --nogpgcheck\` or
\`--setopt=gpgcheck=0\`, \`zypper --no-gpg-checks\`, \`rpm --nosignature\`, \`pip --trusted-host\`,
\`npm --strict-ssl=false\`, \`curl -k\`/\`--insecure\`, \`wget --no-check-certificate\`,
\`git -c http.sslVerify=false\`; and a RUN that writes \`gpgcheck=0\`, \`[trusted=yes]\` or
\`sslverify=0\` into a repository file.

## Why it matters
Signatures and certificates are what make a downloaded package the one its publisher released.
Without them anyone between the build and the mirror (a proxy, a poisoned DNS answer, a compromised
mirror) can hand the build a different package, which then runs as root in the image. The CIS Docker
Benchmark (4.11) asks that only verified packages be installed.

## Example
\`\`\`dockerfile
FROM debian:12-slim
RUN apt-get update \\
 && apt-get install -y --allow-unauthenticated curl \\
 && curl -fsSLk https://example.com/tool.tar.gz -o /tmp/tool.tar.gz
\`\`\`

## Use instead
\`\`\`dockerfile
FROM debian:12-slim
RUN apt-get update \\
 && apt-get install -y curl \\
 && curl -fsSL https://example.com/tool.tar.gz -o /tmp/tool.tar.gz
\`\`\`

## Fix safety
Unsafe: the build fails where the repository really is unsigned or its certificate is not trusted;
add its key (\`signed-by=\`, \`rpm --import\`) or CA certificate to the image instead. The fix removes
the options; settings written into a repository file are reported for the owner to change.
`;

export const d124UnverifiedPackages = defineRule({
  id: 'D124',
  name: 'unverified-packages',
  kind: 'dockerfile',
  severity: 'high',
  title: 'Package signatures or certificates not checked',
  docs,
  references: [],
  links: {
    'SecureApt': 'https://wiki.debian.org/SecureApt',
    'pip install --trusted-host': 'https://pip.pypa.io/en/stable/cli/pip/#cmdoption-trusted-host',
  },
  controls: ['cis-docker:4.11', 'cis-docker:4.12'],
  fix: 'unsafe',
  *check(source): Iterable<FindingDraft> {
    for (const {stage, instruction, script} of stageRuns(source)) {
      if (script.form === 'exec') continue;
      let n = 0;
      for (const cmd of script.commands) {
        const program = programOf(cmd);
        for (const w of WEAKENINGS) {
          if (!w.programs.includes(program)) continue;
          const hits = hitsOf(cmd, w);
          if (hits.length === 0) continue;
          yield {
            start: cmd.start,
            end: cmd.end,
            message: `\`${program} ${hits.map((h) => h.shown).join(' ')}\` ${w.what}: a tampered download is installed as if it were genuine`,
            locator: `${instructionLocator(stage, instruction)} > ${program}[${n++}]`,
            fix: {
              title: `Remove ${hits.map((h) => h.shown).join(', ')}`,
              safety: 'unsafe',
              params: [],
              risk: 'The build fails where the repository is really unsigned or its certificate is not trusted; add its key or CA instead.',
              edits: () => hits.map((h) => h.edit(source)),
            },
          };
        }
      }
      // Only where no option above was reported: `--setopt=sslverify=0` is one finding, not two.
      const inText = n === 0 ? IN_TEXT.exec(script.text) : null;
      if (inText) {
        yield {
          start: script.start,
          end: script.scriptEnd,
          message: `This RUN writes \`${inText[0]}\`: packages from that repository are installed without checking their signatures or certificate`,
          locator: `${instructionLocator(stage, instruction)} > ${inText[0].toLowerCase()}`,
          advice: 'Import the repository key (rpm --import, signed-by=) or its CA certificate instead of turning the check off.',
        };
      }
    }
  },
});
