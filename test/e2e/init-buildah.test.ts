/**
 * End to end: the Dockerfiles `shipshape init` writes for the Debian-based stacks (python, node,
 * static) build for real with buildah, offline, and the images run as their numeric user, cannot
 * change their own code, and answer their own HEALTHCHECK.
 *
 * No registry is reachable here, so each base image is a local stand-in named like the official one
 * (`FROM python:3.13-slim-trixie` then resolves with --pull-never): the Debian base every container
 * test shares (scripts/prepare-test-base.sh: python3, venv, nginx and curl already in), set up as
 * the official image is (`python` on the PATH; the `node` user 1000 with this machine's own node
 * and npm copied in, as the node image has them in /usr/local; nginx as nginx-unprivileged runs it:
 * uid 101, pid and temp files under /tmp). Making them needs no network and takes seconds. The
 * Dockerfiles are built as written. The stand-ins are kept in the shared storage, and so are the
 * built images, by the hash of what they are built from (see contentTag).
 * go (distroless) and java (Ubuntu, Maven Central) have no such stand-in; their Dockerfiles are
 * checked as text by test/init/generated.test.ts.
 *
 * Needs root and `apt-get install -y buildah mmdebstrap`; skipped, saying why, without them.
 */
import {spawn, spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {templateSource} from '../../src/cli/init.js';
import {planInit} from '../../src/init/plan.js';
import {STACKS, type StackId} from '../../src/init/stacks.js';
import {CONTAINER_ENV, missingForBuilds, prepareTestBase} from '../helpers/containers.js';

const missing = missingForBuilds();
const available = missing.length === 0;
if (!available) console.warn(`test/e2e/init-buildah.test.ts: skipped, missing ${missing.join(', ')}`);

function buildah(args: string[], timeout = 300_000): string {
  const r = spawnSync('buildah', args, {encoding: 'utf8', timeout, env: CONTAINER_ENV});
  if (r.status !== 0) throw new Error(`buildah ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  return r.stdout.trim();
}

/** buildah in the background, so the three stacks' builds and containers are made side by side; resolves with its stdout. */
function buildahAsync(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('buildah', args, {env: CONTAINER_ENV});
    let stdout = '';
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      output = (output + d.toString()).slice(-4000);
    });
    child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout.trim()) : reject(new Error(`buildah ${args.join(' ')} failed (${code}):\n${output}`))));
  });
}

/** The image's Docker config (buildah 1.28's --format templates have no json function). */
function imageConfig(tag: string): {User: string; Healthcheck?: {Test: string[]}} {
  const info = JSON.parse(buildah(['inspect', '--type', 'image', tag])) as {Docker: {config?: object; Config?: object}};
  return (info.Docker.config ?? info.Docker.Config) as {User: string; Healthcheck?: {Test: string[]}};
}

/** nginx as nginxinc/nginx-unprivileged runs it: no `user`, pid and temp files under /tmp, logs to the console. */
const NGINX_CONF = [
  'worker_processes auto;',
  'pid /tmp/nginx.pid;',
  'error_log /dev/stderr notice;',
  'events { worker_connections 1024; }',
  'http {',
  '  include /etc/nginx/mime.types;',
  '  access_log /dev/stdout;',
  '  client_body_temp_path /tmp/client_temp;',
  '  proxy_temp_path /tmp/proxy_temp;',
  '  fastcgi_temp_path /tmp/fastcgi_temp;',
  '  uwsgi_temp_path /tmp/uwsgi_temp;',
  '  scgi_temp_path /tmp/scgi_temp;',
  '  include /etc/nginx/conf.d/*.conf;',
  '}',
].join('\\n');

/** This machine's node and npm (the tests run on it), copied into the node stand-in as the node image has them. */
const NODE_PREFIX = join(dirname(process.execPath), '..');
const NPM = join(NODE_PREFIX, 'lib/node_modules/npm');

/** Each stand-in's Containerfile lines after `FROM debian:bookworm-slim`, and what its context holds. */
const STANDINS: Record<string, {lines: string; context?: (dir: string) => void}> = {
  [STACKS.python.runtimeImage]: {lines: 'RUN ln -s /usr/bin/python3 /usr/local/bin/python'},
  [STACKS.node.runtimeImage]: {
    lines: [
      'COPY node /usr/local/bin/node',
      'COPY npm /usr/local/lib/node_modules/npm',
      'RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && groupadd --gid 1000 node && useradd --uid 1000 --gid node --create-home node',
    ].join('\n'),
    context: (dir) => {
      cpSync(process.execPath, join(dir, 'node'));
      cpSync(NPM, join(dir, 'npm'), {recursive: true});
    },
  },
  [STACKS.static.runtimeImage]: {
    lines:
      // The shared base has the stacks' packages in: their postgres user and ssl-cert group hold 101 there, not here.
      `RUN groupmod --gid 1101 ssl-cert && usermod --uid 1101 postgres` +
      ` && groupadd --system --gid 101 nginx && useradd --system --uid 101 --gid nginx --no-create-home nginx` +
      ` && rm -f /etc/nginx/sites-enabled/default && printf '${NGINX_CONF}\\n' > /etc/nginx/nginx.conf`,
  },
};

function fullName(image: string): string {
  return image.includes('/') ? `docker.io/${image}` : `docker.io/library/${image}`;
}

function ensureStandin(image: string): void {
  const name = fullName(image);
  if (spawnSync('buildah', ['inspect', '--type', 'image', name], {env: CONTAINER_ENV, stdio: 'ignore'}).status === 0) return;
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-standin-'));
  try {
    const standin = STANDINS[image]!;
    writeFileSync(join(dir, 'Containerfile'), `FROM docker.io/library/debian:bookworm-slim\n${standin.lines}\n`);
    standin.context?.(dir);
    buildah(['bud', '--isolation', 'chroot', '--pull-never', '--layers=false', '-f', join(dir, 'Containerfile'), '-t', name, dir], 600_000);
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

const HTTP_SERVERS = {
  python: 'import http.server, os\nclass H(http.server.BaseHTTPRequestHandler):\n    def do_GET(self):\n        self.send_response(200 if self.path == "/healthz" else 404)\n        self.end_headers()\n        self.wfile.write(b"ok")\nhttp.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()\n',
  node: "require('http').createServer((q, s) => { s.statusCode = q.url === '/healthz' ? 200 : 404; s.end('ok'); }).listen(Number(process.env.PORT), '127.0.0.1');\n",
};
const LOCK = (name: string) => `${JSON.stringify({name, version: '1.0.0', lockfileVersion: 3, requires: true, packages: {'': {name, version: '1.0.0'}}}, null, 2)}\n`;

/** A minimal service of each stack, with what its Dockerfile expects. */
const APPS: Partial<Record<StackId, {files: Record<string, string>; start: string}>> = {
  python: {files: {'requirements.txt': '# no dependencies\n', 'app/__init__.py': '', 'app/__main__.py': HTTP_SERVERS.python}, start: 'python -m app'},
  node: {files: {'package.json': `${JSON.stringify({name: 'svc', version: '1.0.0', private: true})}\n`, 'package-lock.json': LOCK('svc'), 'server.js': HTTP_SERVERS.node}, start: 'node server.js'},
  static: {
    files: {
      'package.json': `${JSON.stringify({name: 'site', version: '1.0.0', private: true, scripts: {build: 'mkdir -p dist && cp index.html dist/'}})}\n`,
      'package-lock.json': LOCK('site'),
      'index.html': '<!doctype html><title>site</title>\n',
    },
    start: 'nginx -g "daemon off;"',
  },
};

const STACKS_BUILT = ['python', 'node', 'static'] as const;
const PORT = 8181;
const tags = new Map<StackId, string>();

/**
 * Builds are slow with the vfs driver (minutes on a busy machine), so an image is kept in the
 * buildah cache under a tag that is the hash of everything it is built from: the Dockerfile, the
 * app, and the stand-in base's image id. Unchanged inputs reuse it; the checks below always run.
 */
function contentTag(stack: StackId, files: ReadonlyArray<readonly [string, string]>): string {
  const hash = createHash('sha256');
  for (const [path, text] of [...files].sort()) hash.update(`${path}\0${text}\0`);
  hash.update(buildah(['inspect', '--type', 'image', '--format', '{{.FromImageID}}', fullName(STACKS[stack].runtimeImage)]));
  return `localhost/shipshape-init-${stack}:${hash.digest('hex').slice(0, 16)}`;
}

describe.skipIf(!available)('the Debian-based stacks build with buildah and run as their user', () => {
  const dirs: string[] = [];
  /** Per stack: its working container, or why there is none. */
  const containers = new Map<StackId, string | Error>();

  beforeAll(async () => {
    await prepareTestBase();
    for (const image of Object.keys(STANDINS)) ensureStandin(image);
    await Promise.all(
      STACKS_BUILT.map(async (stack) => {
        const plan = planInit({stack, name: 'svc', port: PORT, parts: new Set(), secrets: 'compose', repo: 'acme/shop', context: '.'}, templateSource());
        const files = [...plan.files.map((f) => [f.path, f.text] as const), ...Object.entries(APPS[stack]!.files)];
        const tag = contentTag(stack, files);
        tags.set(stack, tag);
        const container = () => buildahAsync(['from', '--pull-never', '--name', `shipshape-init-${stack}-${process.pid}`, tag]);
        if (spawnSync('buildah', ['inspect', '--type', 'image', tag], {env: CONTAINER_ENV, stdio: 'ignore'}).status === 0) {
          containers.set(stack, await container().catch((e: Error) => e));
          return;
        }
        // Older builds of this stack go: only the current one is kept.
        const old = spawnSync('buildah', ['images', '--format', '{{.Name}}:{{.Tag}}'], {encoding: 'utf8', env: CONTAINER_ENV}).stdout.split('\n').filter((t) => t.startsWith(`localhost/shipshape-init-${stack}:`));
        for (const t of old) spawnSync('buildah', ['rmi', '-f', t], {stdio: 'ignore', env: CONTAINER_ENV});
        const dir = mkdtempSync(join(tmpdir(), `shipshape-init-${stack}-`));
        dirs.push(dir);
        for (const [path, text] of files) {
          mkdirSync(dirname(join(dir, path)), {recursive: true});
          writeFileSync(join(dir, path), text);
        }
        // The Docker format keeps HEALTHCHECK (OCI images have no field for it).
        const made = await buildahAsync(['bud', '--isolation', 'chroot', '--pull-never', '--layers=false', '--format', 'docker', '-f', join(dir, 'Dockerfile'), '-t', tag, dir]).then(container);
        containers.set(stack, await Promise.resolve(made).catch((e: Error) => e));
      }),
    );
  }, 1_800_000);

  afterAll(() => {
    for (const container of containers.values()) if (typeof container === 'string') spawnSync('buildah', ['rm', container], {stdio: 'ignore', env: CONTAINER_ENV});
    for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
  });

  it.each(STACKS_BUILT)('%s', (stack) => {
    const container = containers.get(stack)!;
    if (container instanceof Error) throw container;
    const config = imageConfig(tags.get(stack)!);
    const user = {python: '10001:10001', node: '1000:1000', static: '101:101'}[stack];
    expect(config.User).toBe(user);
    const probe = config.Healthcheck!.Test;
    expect(probe[0]).toBe('CMD');
    const run = (script: string) => buildah(['run', '--isolation', 'chroot', container, '--', 'sh', '-c', script], 60_000);
    expect(run('id -u; id -g')).toBe(user.replace(':', '\n'));
    // The code belongs to root: the service reads it and cannot change it.
    const code = stack === 'static' ? '/usr/share/nginx/html/index.html' : '/app';
    expect(run(`test -r ${code} && (touch ${code}/.x 2>/dev/null || echo > ${code} 2>/dev/null) && echo writable || echo read-only`)).toBe('read-only');
    // The service starts as that user and answers its own HEALTHCHECK.
    const healthcheck = probe.slice(1).map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    expect(run(`${APPS[stack]!.start} >/tmp/out 2>&1 & for i in 1 2 3 4 5 6 7 8 9 10; do sleep 0.5; ${healthcheck} >/dev/null 2>&1 && echo healthy && exit 0; done; cat /tmp/out; echo unhealthy`)).toBe('healthy');
  }, 120_000);
});
