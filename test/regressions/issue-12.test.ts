/**
 * The wrong edits of issue 12, each as it was reported, with the exact output expected now and a
 * second run that changes nothing.
 */
import {describe, expect, it} from 'vitest';
import type {Kind} from '../../src/core/model.js';
import {buildProject, type InputFile} from '../../src/core/project.js';
import {stripBom} from '../../src/core/text.js';
import {fixProject, findingsOf} from '../helpers/battery.js';
import {planDiff} from '../../src/report/diff.js';

function indent(text: string, by: string): string {
  return text.replace(/^(?=.)/gm, by);
}

function fixed(path: string, kind: Kind, text: string, only?: string[], confirmed = false): {after: Map<string, string>; again: number; skipped: string[]} {
  const inputs: InputFile[] = [{path, kind, text}];
  const options = {...(only ? {only: new Set(only)} : {}), confirmed};
  const first = fixProject(buildProject(['.'], inputs), options);
  const after = new Map(first.files.map((f) => [f.path, f.after]));
  const second = fixProject(first.project, options);
  return {after, again: second.files.length, skipped: first.skipped.map((s) => `${s.rule}: ${s.detail}`)};
}

describe('a lone CR inside a line (Docker reads it as part of the line)', () => {
  it('does not move later edits: each fix lands on its own instruction', () => {
    const text = 'FROM alpine:3.19\n# note\rmore words\nRUN apk add git\nRUN yarn install && yarn cache clean\rRUN true\nCMD ["sh"]\n';
    const {after, again, skipped} = fixed('Dockerfile', 'dockerfile', text, ['D112', 'D101']);
    expect(skipped).toEqual([]);
    expect(after.get('Dockerfile')).toBe(
      'FROM alpine:3.19\nRUN addgroup -S -g 10001 app \\\n    && adduser -S -D -H -u 10001 -G app app\n# note\rmore words\nRUN apk add --no-cache git\nRUN yarn install && yarn cache clean\rRUN true\nUSER 10001:10001\nCMD ["sh"]\n',
    );
    expect(again).toBe(0);
  });

  it('positions of findings after it are on the right line', () => {
    const project = buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text: 'FROM alpine:3.19\n# a\rb\rc\nRUN apk add curl\n'}]);
    expect(findingsOf(project, 'D112').map((f) => [f.line, f.column])).toEqual([[3, 5]]);
  });
});

describe('a Dockerfile ending in a RUN continuation (`RUN echo hi \\` at the end)', () => {
  for (const [name, text, expected] of [
    ['no final newline', 'FROM alpine:3.19\nRUN echo hi \\', 'RUN echo hi\nUSER 10001:10001'],
    ['a final newline', 'FROM alpine:3.19\nRUN echo hi \\\n', 'RUN echo hi\nUSER 10001:10001\n'],
    ['comments after it', 'FROM alpine:3.19\nRUN echo hi \\\n# end\n\n', 'RUN echo hi\nUSER 10001:10001\n# end\n\n'],
    ['the escape directive', '# escape=`\nFROM alpine:3.19\nRUN echo hi `\n', 'RUN echo hi\nUSER 10001:10001\n'],
    ['CRLF', 'FROM alpine:3.19\r\nRUN echo hi \\\r\n', 'RUN echo hi\r\nUSER 10001:10001\r\n'],
  ] as const) {
    it(`gets USER after the RUN, not inside it, once (${name})`, () => {
      const {after, again, skipped} = fixed('Dockerfile', 'dockerfile', text, ['D101']);
      expect(skipped).toEqual([]);
      expect(after.get('Dockerfile')!.endsWith(expected)).toBe(true);
      expect(again).toBe(0);
    });
  }
});

describe('a compose file with two BOMs', () => {
  it('keeps both BOMs out of the text, so the deploy block gets the file\'s own indentation', () => {
    const raw = '\uFEFF\uFEFFservices:\n  web:\n    image: nginx:1.25\n';
    const {text, bom} = stripBom(raw);
    expect(bom).toBe('\uFEFF\uFEFF');
    const {after, again} = fixed('compose.yaml', 'compose', text, ['C207']);
    expect(after.get('compose.yaml')).toBe('services:\n  web:\n    image: nginx:1.25\n    deploy:\n      resources:\n        limits:\n          memory: 512M\n        reservations:\n          memory: 256M\n');
    expect(again).toBe(0);
  });
});

describe('a variable named twice in a Compose environment list', () => {
  it('gets one _FILE entry and one secret; the overridden entry goes with it', () => {
    const text = 'services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD=hunter2xyz\n      - POSTGRES_PASSWORD=hunter2xyz\n';
    const {after, again, skipped} = fixed('compose.yaml', 'compose', text, ['C211']);
    expect(skipped).toEqual([]);
    expect(after.get('compose.yaml')).toBe(
      'services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password\n    secrets:\n      - postgres_password\nsecrets:\n  postgres_password: {file: ./secrets/postgres_password}\n',
    );
    expect(after.get('secrets/postgres_password')).toBe('hunter2xyz');
    expect(again).toBe(0);
  });

  it('the secret written is the one Compose uses (the last); a dead literal under a variable is removed', () => {
    const flowList = 'services:\n  db:\n    image: postgres:16\n    environment: ["POSTGRES_PASSWORD=old-secret-1", "A=1", "POSTGRES_PASSWORD=new-secret-2"]\n';
    const one = fixed('compose.yaml', 'compose', flowList, ['C211']);
    expect(one.after.get('compose.yaml')).toContain('environment: ["A=1", "POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password"]');
    expect(one.after.get('secrets/postgres_password')).toBe('new-secret-2');
    const dead = fixed('compose.yaml', 'compose', 'services:\n  db:\n    image: redis:7\n    environment:\n      - REDIS_PASSWORD=hunter2xyz\n      - REDIS_PASSWORD=${PW}\n', ['C211']);
    expect(dead.after.get('compose.yaml')).toBe('services:\n  db:\n    image: redis:7\n    environment:\n      - REDIS_PASSWORD=${PW}\n');
    expect(dead.again).toBe(0);
  });
});

describe('a container reached through many aliases', () => {
  const anchors = 'x-a: &a [v, v, v, v, v, v, v, v, v, v]\nx-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nx-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nx-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
  const deployment = (args: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n${indent(anchors, '      ')}      containers:\n        - name: web\n          image: busybox:1.36\n          args: ${args}\n`;

  it('is read by its name, beyond the yaml package\'s alias limit, and gets one volume, once', () => {
    // busybox's writable paths are not known: its fix waits for them to be confirmed (here: the suggested /tmp).
    const {after, again, skipped} = fixed('deploy.yaml', 'kubernetes', deployment('*d'), ['K305'], true);
    expect(skipped).toEqual([]);
    const text = after.get('deploy.yaml')!;
    expect(text.match(/emptyDir/g)).toHaveLength(1);
    expect(again).toBe(0);
    const project = buildProject(['.'], [{path: 'deploy.yaml', kind: 'kubernetes', text: deployment('*d')}]);
    expect(findingsOf(project, 'K305').map((f) => f.fingerprint)).toEqual([expect.stringContaining('containers[web]')]);
  });

  it('an alias bomb (or a recursive alias) is a parse error with its line, never read half', () => {
    let bomb = 'x0: &x0 [v, v, v, v, v, v, v, v, v, v]\n';
    for (let i = 1; i < 9; i++) bomb += `x${i}: &x${i} [${Array(10).fill(`*x${i - 1}`).join(', ')}]\n`;
    const project = buildProject(['.'], [
      {path: 'bomb.yaml', kind: 'kubernetes', text: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n${indent(bomb, '  ')}`},
      {path: 'loop.yaml', kind: 'kubernetes', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: &d\n  a: *d\n'},
    ]);
    expect(project.failures.map((f) => [f.path, f.line, f.message])).toEqual([
      ['bomb.yaml', 9, 'its aliases expand to more than 100,000 values (an alias bomb); shipshape does not read it'],
      ['loop.yaml', 5, 'an alias refers to the value that contains it (a recursive alias)'],
    ]);
  });
});

describe('a secret in a block scalar', () => {
  const PEM = ['-----BEGIN OPENSSH PRIVATE KEY-----', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW', '-----END OPENSSH PRIVATE KEY-----'];

  it('K310 (`value: |`, not the last entry): the fix keeps the next entry on its own line, and the diff masks every line of the key', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: api}',
      'spec:',
      '  containers:',
      '    - name: api',
      '      image: ghcr.io/acme/api:1.2.3',
      '      env:',
      '        - name: SSH_PRIVATE_KEY',
      '          value: |',
      ...PEM.map((l) => `            ${l}`),
      '        - name: LOG_LEVEL',
      '          value: info',
      '',
    ].join('\n');
    const {after, again, skipped} = fixed('pod.yaml', 'kubernetes', text, ['K310']);
    expect(skipped).toEqual([]);
    expect(after.get('pod.yaml')).toContain('        - name: SSH_PRIVATE_KEY\n          valueFrom:\n            secretKeyRef:\n              name: api-secrets\n              key: SSH_PRIVATE_KEY\n        - name: LOG_LEVEL\n          value: info\n');
    expect(again).toBe(0);
    const diff = planDiff(fixProject(buildProject(['.'], [{path: 'pod.yaml', kind: 'kubernetes', text}]), {only: new Set(['K310'])}));
    for (const l of PEM) expect(diff).not.toContain(l);
    expect(diff.match(/^-\s+\*{8}$/gm)).toHaveLength(3);
  });

  it('C211 (`SSH_PRIVATE_KEY: |`): reported, and masked in the context of another fix', () => {
    const text = ['services:', '  ci:', '    image: alpine:3.19', '    environment:', '      SSH_PRIVATE_KEY: |', ...PEM.map((l) => `        ${l}`), '      LOG_LEVEL: info', ''].join('\n');
    const project = buildProject(['.'], [{path: 'compose.yaml', kind: 'compose', text}]);
    expect(findingsOf(project, 'C211')).toHaveLength(1);
    const diff = planDiff(fixProject(project, {only: new Set(['C204'])}));
    expect(diff).toContain('no-new-privileges');
    for (const l of PEM.slice(1)) expect(diff).not.toContain(l);
  });

  it('C211 (`POSTGRES_PASSWORD: |` moved to a secret file): the next entry keeps its line', () => {
    const text = ['services:', '  db:', '    image: postgres:16', '    environment:', '      POSTGRES_PASSWORD: |', '        s3cr3t-Orders-2024', '      POSTGRES_DB: app', ''].join('\n');
    const {after, again, skipped} = fixed('compose.yaml', 'compose', text, ['C211']);
    expect(skipped).toEqual([]);
    expect(after.get('compose.yaml')).toContain('      POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password\n      POSTGRES_DB: app\n');
    expect(again).toBe(0);
  });
});

describe('secrets on a command line (D106, C211, K310 report them; diffs mask them)', () => {
  const TOKEN = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';

  it('C211: redis:// URL without a user, --requirepass, --db-password, redis-cli -a in a healthcheck, an Authorization header under sh -c', () => {
    const text = [
      'services:',
      '  redis:',
      '    image: redis:7',
      '    command: redis-server --requirepass s3cr3t-Redis-9 --appendonly yes',
      '    healthcheck:',
      '      test: ["CMD", "redis-cli", "-a", "s3cr3t-Redis-9", "ping"]',
      '  worker:',
      '    image: ghcr.io/acme/worker:1.0.0',
      '    command: ["python", "worker.py", "--db-password", "Pa55-w0rd-db", "--log-level=info"]',
      '    environment:',
      '      BROKER_URL: redis://:s3cr3t-Redis-9@redis:6379/0',
      '  sync:',
      '    image: curlimages/curl:8.8.0',
      `    entrypoint: ["sh", "-c", "curl -fsS -H 'Authorization: token ${TOKEN}' https://api.github.com/user"]`,
      '  ok:',
      '    image: redis:7',
      '    command: ["sh", "-c", "redis-server --requirepass \\"$$(cat /run/secrets/redis_password)\\""]',
      '',
    ].join('\n');
    const project = buildProject(['.'], [{path: 'compose.yaml', kind: 'compose', text}]);
    const found = findingsOf(project, 'C211').map((f) => [f.line, f.message.replace(/: it is.*/, '')]);
    expect(found).toEqual([
      [4, 'Service "redis" has a literal secret in its command (--requirepass)'],
      [6, 'Service "redis" has a literal secret in its healthcheck (-a)'],
      [9, 'Service "worker" has a literal secret in its command (--db-password)'],
      [11, 'Service "worker" has a literal secret in BROKER_URL'],
      [14, 'Service "sync" has a literal secret in its entrypoint (the Authorization header)'],
    ]);
    // Another fix's diff shows the command lines' context without the secrets.
    const diff = planDiff(fixProject(project, {only: new Set(['C204'])}));
    expect(diff).toContain('no-new-privileges');
    for (const secret of ['s3cr3t-Redis-9', 'Pa55-w0rd-db', TOKEN]) expect(diff).not.toContain(secret);
  });

  it('K310: command and args of a container', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: api}',
      'spec:',
      '  containers:',
      '    - name: api',
      '      image: ghcr.io/acme/api:1.2.3',
      '      command: ["/app/api"]',
      '      args: ["--db-password=Pa55-w0rd-db", "--port", "8080"]',
      '    - name: cache',
      '      image: redis:7',
      '      args: ["redis-server", "--requirepass", "$(REDIS_PASSWORD)"]',
      '',
    ].join('\n');
    const found = findingsOf(buildProject(['.'], [{path: 'pod.yaml', kind: 'kubernetes', text}]), 'K310');
    expect(found.map((f) => [f.line, f.secrets])).toEqual([[9, ['Pa55-w0rd-db']]]);
  });

  it('D106: RUN (curl header, mysql -p, sh -c), HEALTHCHECK and CMD; variables, checksum-like URLs and the word after a prompt-only option (psql --password) are no secrets', () => {
    const text = [
      'FROM python:3.12-slim',
      `RUN curl -fsS -H "Authorization: token ${TOKEN}" https://api.github.com/repos/acme/x/tarball -o x.tgz \\`,
      '    && mysql -uroot -pRootPass123 app < /dump.sql',
      "RUN sh -c 'redis-cli -a s3cr3t-Redis-9 ping'",
      'HEALTHCHECK --interval=5s CMD redis-cli -a s3cr3t-Redis-9 ping',
      'CMD ["python", "app.py", "--db-password", "Pa55-w0rd-db"]',
      'RUN curl -H "Authorization: Bearer $TOKEN" https://x && wget https://github.com/a/b/releases/download/v1.2.3/tool_linux_amd64_0123456789abcdef.tar.gz',
      // Options that only prompt (or read standard input) take no value: the next word is no secret.
      'RUN psql -h db --password appdatabase -c "select 1" && mysql --password production < /dump.sql && echo "$T" | docker login -u bot --password-stdin ghcr.io',
      '',
    ].join('\n');
    const found = findingsOf(buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text}]), 'D106');
    expect(found.map((f) => [f.line, f.secrets[0]])).toEqual([
      [2, TOKEN],
      [3, 'RootPass123'],
      [4, 's3cr3t-Redis-9'],
      [5, 's3cr3t-Redis-9'],
      [6, 'Pa55-w0rd-db'],
    ]);
  });
});

describe('K307 on a container whose resources come only from a `<<` merge', () => {
  it('waits while the shared anchor it merges is fixed in the same pass, then needs nothing of its own', () => {
    const text =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels:\n      app: api\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      containers:\n      - &defaults\n        name: app\n        image: nginx:1.25\n        resources:\n          limits:\n            memory: 128Mi\n      - <<: *defaults\n        name: init\n        image: nginx:1.25\n';
    const {after, again, skipped} = fixed('deploy.yaml', 'kubernetes', text, ['K307'], true);
    expect(skipped).toEqual([]);
    const out = after.get('deploy.yaml')!;
    expect(out).toContain('          limits:\n            memory: 128Mi\n            cpu: 1\n          requests:\n            cpu: 500m\n            memory: 128Mi\n      - <<: *defaults\n        name: init\n        image: nginx:1.25\n');
    expect(out.match(/^ {8}resources:$/gm)).toHaveLength(1);
    expect(again).toBe(0);
  });
});

describe('K307 when the anchor a container merges its resources from is not fixed', () => {
  it('gives the container its own resources, written once with what it merged (never keys into the shared anchor)', () => {
    const text =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels:\n      app: api\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      containers:\n      - &defaults\n        name: app\n        image: gcr.io/distroless/static:nonroot\n        resources:\n          limits:\n            memory: 128Mi\n      - <<: *defaults\n        name: init\n        image: nginx:1.25\n';
    const {after, again, skipped} = fixed('deploy.yaml', 'kubernetes', text, ['K307']);
    expect(skipped).toEqual([]);
    expect(after.get('deploy.yaml')).toBe(`${text}        resources:\n          limits:\n            memory: 128Mi\n            cpu: 1\n          requests:\n            cpu: 500m\n            memory: 128Mi\n`);
    expect(again).toBe(0);
  });
});

describe('C203 beside C201 on a service with user: root (found by the Compose battery at 1,500 cases, seed 1)', () => {
  it('nginx keeps user: root (it needs it for port 80 and its pid file) and every capability its profile needs, in one run', () => {
    const text = 'services:\n  web:\n    image: nginx:1.25\n    user: root\n    cap_add:\n    - NET_ADMIN\n    - NET_BIND_SERVICE\n';
    const {after, again, skipped} = fixed('compose.yaml', 'compose', text, ['C201', 'C203']);
    expect(skipped).toEqual([]);
    expect(after.get('compose.yaml')).toBe(
      'services:\n  web:\n    image: nginx:1.25\n    user: root\n    cap_add:\n    - NET_BIND_SERVICE\n    - CHOWN\n    - DAC_OVERRIDE\n    - FOWNER\n    - SETGID\n    - SETUID\n    cap_drop:\n    - ALL\n',
    );
    expect(again).toBe(0);
  });

  it('an image C201 moves to a non-root user (drupal fpm) gets its capabilities for that user, not for root', () => {
    for (const [text, expected] of [
      [
        'services:\n  web:\n    image: drupal:10-fpm\n    user: root\n    cap_add:\n    - NET_ADMIN\n',
        'services:\n  web:\n    image: drupal:10-fpm\n    user: "10001:10001"\n    cap_drop:\n    - ALL\n',
      ],
      [
        'services:\n  web:\n    image: drupal:10-fpm\n    cap_add:\n    - NET_ADMIN\n    cap_drop: [ALL]\n    restart: always\n',
        'services:\n  web:\n    image: drupal:10-fpm\n    cap_drop: [ALL]\n    restart: always\n    user: "10001:10001"\n',
      ],
    ] as const) {
      const {after, again, skipped} = fixed('compose.yaml', 'compose', text, ['C201', 'C203']);
      expect(skipped).toEqual([]);
      expect(after.get('compose.yaml')).toBe(expected);
      expect(again).toBe(0);
    }
  });
});
