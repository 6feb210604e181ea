/**
 * A tiny project and three test-only rules, so the wizard tests do not depend on the real rule
 * catalog: a safe fix with a validated parameter (T101), an unsafe fix with a risk (T202), a
 * guidance-only finding with a secret (T203), and a fix that needs input plus a choice (T301).
 */
import {defineRule, type Rule} from '../../src/core/rule.js';
import {buildProject, type InputFile} from '../../src/core/project.js';
import {Session} from '../../src/core/session.js';
import type {Plan} from '../../src/core/plan.js';
import type {WizardDeps, WriteOutcome} from '../../src/ui/deps.js';
import {isUidLike} from '../../src/core/params.js';

const docs = (why: string) => `## What it does
Test rule.

## Why it matters
${why}

Second paragraph that is only in the full docs.

## Example
\`\`\`dockerfile
FROM x
\`\`\`

## Use instead
\`\`\`dockerfile
FROM x
USER 10001
\`\`\`

## Fix safety
Safe.
`;

export const T101 = defineRule({
  id: 'T101',
  name: 'test-root-user',
  kind: 'dockerfile',
  severity: 'high',
  title: 'The container runs as root',
  docs: docs('A process running as root inside the container owns the whole container.'),
  references: [],
  fix: 'safe',
  *check(source) {
    if (/^USER /m.test(source.text)) return;
    const from = source.text.indexOf('FROM');
    yield {
      start: from,
      end: from + 4,
      message: 'No USER instruction: the container runs as root.',
      locator: 'stage[final] > USER',
      fix: {
        title: 'Run as a numeric non-root user',
        safety: 'safe',
        params: [{name: 'uid', label: 'UID', default: '10001', validate: isUidLike}],
        edits: (p) => [{file: source.path, start: source.text.length, end: source.text.length, text: `USER ${p.uid ?? '10001'}${source.eol}`}],
      },
    };
  },
}) as Rule;

export const T202 = defineRule({
  id: 'T202',
  name: 'test-privileged',
  kind: 'compose',
  severity: 'critical',
  title: 'A service runs privileged',
  docs: docs('A privileged container can take over the host.'),
  references: [],
  fix: 'unsafe',
  *check(source) {
    const at = source.text.indexOf('privileged: true');
    if (at < 0) return;
    const value = at + 'privileged: '.length;
    yield {
      start: at,
      end: at + 16,
      message: 'The service web runs privileged.',
      locator: 'services.web.privileged',
      fix: {
        title: 'Drop privileged mode',
        safety: 'unsafe',
        risk: 'the service may need a device or kernel feature that privileged mode gave it.',
        params: [],
        edits: () => [{file: source.path, start: value, end: value + 4, text: 'false'}],
      },
    };
  },
}) as Rule;

export const SECRET = 'hunter2-Zq8vP3kLm9';

export const T203 = defineRule({
  id: 'T203',
  name: 'test-literal-secret',
  kind: 'compose',
  severity: 'medium',
  title: 'A password is written in the Compose file',
  docs: docs('Anyone who can read the repository can read the password.'),
  references: [],
  fix: null,
  *check(source) {
    const m = /PASSWORD: (\S+)/.exec(source.text);
    if (!m) return;
    yield {
      start: m.index,
      end: m.index + m[0].length,
      message: 'DB_PASSWORD holds a literal password.',
      locator: 'services.db.environment.DB_PASSWORD',
      secrets: [m[1]!],
      advice: 'Move the password into a Compose secret and rotate it.',
    };
  },
}) as Rule;

export const T301 = defineRule({
  id: 'T301',
  name: 'test-image-tag',
  kind: 'kubernetes',
  severity: 'low',
  title: 'An image has no tag',
  docs: docs('Without a tag the image can change under you.'),
  references: [],
  fix: 'safe',
  needsInput: true,
  *check(source) {
    const m = /image: nginx\n/.exec(source.text);
    if (!m) return;
    const end = m.index + 'image: nginx'.length;
    const indent = /([ ]*)image: nginx/.exec(source.text)![1]!;
    yield {
      start: m.index,
      end,
      message: 'The image nginx has no tag.',
      locator: 'Deployment/api > containers[api] > image',
      fix: {
        title: 'Pin the image tag',
        safety: 'safe',
        needsInput: ['tag'],
        params: [
          {name: 'tag', label: 'Image tag', default: ''},
          {name: 'policy', label: 'Pull policy', default: 'IfNotPresent', choices: ['IfNotPresent', 'Always']},
        ],
        edits: (p) => [
          {file: source.path, start: end, end, text: `:${p.tag ?? ''}`},
          {file: source.path, start: end + 1, end: end + 1, text: `${indent}imagePullPolicy: ${p.policy ?? 'IfNotPresent'}\n`},
        ],
      },
    };
  },
}) as Rule;

export const TEST_RULES: Rule[] = [T101, T202, T203, T301];

export const FILES: InputFile[] = [
  {path: 'api/Dockerfile', kind: 'dockerfile', text: 'FROM node:20\nWORKDIR /app\nCMD ["node", "server.js"]\n'},
  {path: 'compose.yaml', kind: 'compose', text: `services:\n  web:\n    image: web\n    privileged: true\n  db:\n    image: postgres\n    environment:\n      DB_PASSWORD: ${SECRET}\n`},
  {
    path: 'k8s/api.yaml',
    kind: 'kubernetes',
    text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: nginx\n',
  },
];

export function testSession(files: InputFile[] = FILES, rules: Rule[] = TEST_RULES): Session {
  return new Session(buildProject(['.'], files), rules);
}

export interface FakeDeps extends WizardDeps {
  writes: Plan[];
}

/** Deps over an in-memory session; `write` records the plan and reports every file written. */
export function fakeDeps(session: Session = testSession(), overrides: Partial<WizardDeps> & {outcome?: (plan: Plan) => WriteOutcome} = {}): FakeDeps {
  const writes: Plan[] = [];
  const deps: FakeDeps = {
    root: '/tmp/project',
    color: false,
    writes,
    scan: async (onProgress) => {
      const paths = session.project.sources.map((s) => s.path);
      paths.forEach((path, i) => onProgress({done: i + 1, total: paths.length, path}));
      return {session, problems: []};
    },
    write: async (plan) => {
      writes.push(plan);
      return overrides.outcome ? overrides.outcome(plan) : {written: plan.files.map((f) => f.path), backupDir: '.shipshape/backup/20260101T000000Z', refused: []};
    },
    ...overrides,
  };
  return deps;
}
