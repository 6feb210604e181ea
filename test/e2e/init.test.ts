/** `shipshape init` from the command line: flags, defaults, never overwriting without asking, undo. */
import {execFileSync} from 'node:child_process';
import {mkdtemp, readFile, rm, writeFile, mkdir, readdir, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runMain} from '../helpers/main.js';
import {githubRepo, nameFromFolder} from '../../src/cli/init.js';
import {STACK_IDS} from '../../src/init/stacks.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'shipshape-init-'));
});
afterAll(async () => {
  await rm(work, {recursive: true, force: true});
});

const cli = (args: string[], cwd = work) => runMain(args, cwd, {env: {NO_COLOR: '1'}});

const exists = (path: string) => stat(path).then(() => true, () => false);

describe('shipshape init', () => {
  it('lists the stacks when none is given outside a terminal', async () => {
    const r = await cli(['init']);
    expect(r.code).toBe(0);
    for (const stack of STACK_IDS) expect(r.stdout).toContain(`  ${stack} `);
  });

  it('`shipshape init python --out svc` (the README) writes the whole service, named after its folder, and it checks clean', async () => {
    const r = await cli(['init', 'python', '--out', 'svc', '--repo', 'acme/shop']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Wrote 19 file\(s\) for svc \(Python\) in svc:/);
    expect(r.stdout).toContain('svc/k8s/deployment.yaml');
    expect(r.stdout).toMatch(/Next:\n {2}- The Dockerfile expects requirements\.txt/);
    expect(await readFile(join(work, 'svc', 'Dockerfile'), 'utf8')).toContain('USER 10001:10001');
    expect(await readFile(join(work, 'svc', 'k8s', 'namespace.yaml'), 'utf8')).toContain('name: svc\n');
    const check = await cli(['check', '--fail-on', 'info', 'svc']);
    expect(check.stdout).toMatch(/No findings in 17 files/);
    expect(check.code).toBe(0);
  });

  it('--with none writes the Dockerfile and .dockerignore only; --name, --port and --secrets reach the files', async () => {
    const bare = await cli(['init', 'go', '--out', 'bare', '--with', 'none']);
    expect(bare.code).toBe(0);
    expect((await readdir(join(work, 'bare'))).filter((f) => f !== '.shipshape').sort()).toEqual(['.dockerignore', 'Dockerfile']);
    const vault = await cli(['init', 'node', '--out', 'v', '--name', 'orders', '--port', '8081', '--secrets', 'vault', '--with', 'compose,k8s', '--repo', 'acme/shop']);
    expect(vault.code).toBe(0);
    const deployment = await readFile(join(work, 'v', 'k8s', 'deployment.yaml'), 'utf8');
    expect(deployment).toContain('vault.hashicorp.com/role: orders');
    expect(deployment).toContain('containerPort: 8081');
    expect(await readFile(join(work, 'v', 'compose.yaml'), 'utf8')).toContain('"127.0.0.1:8081:8081"');
  });

  it('refuses unusable answers as usage errors, saying why', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['init', 'cobol'], /no stack cobol; the stacks are node, python, go, java, static/],
      [['init', 'compose'], /compose and Kubernetes files come with a stack/],
      [['init', 'node', '--port', '80'], /--port 80: a port from 1024/],
      [['init', 'node', '--name', 'My_Service'], /--name My_Service: lowercase letters/],
      [['init', 'node', '--with', 'helm'], /--with takes compose, k8s, ci, policy/],
      [['init', 'node', '--with', 'compose', '--secrets', 'vault'], /--secrets vault is for the Kubernetes manifests: add k8s to --with/],
      [['init', 'node', '--secrets', 'compose'], /need --secrets k8s or vault/],
      [['init', 'node', '--repo', 'not a repo'], /--repo not a repo: a GitHub repository as owner\/name/],
      [['check', '--port', '3000'], /--port is for init, not check/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it('never overwrites outside a terminal: a service whose file exists is not written at all', async () => {
    await mkdir(join(work, 'taken'));
    await writeFile(join(work, 'taken', 'Dockerfile'), 'FROM mine\n');
    const r = await cli(['init', 'python', '--out', 'taken']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/taken\/Dockerfile already exists .*--force/);
    expect(await readFile(join(work, 'taken', 'Dockerfile'), 'utf8')).toBe('FROM mine\n');
    expect(await exists(join(work, 'taken', '.dockerignore'))).toBe(false);
  });

  it('a second run with the same answers finds everything up to date', async () => {
    await cli(['init', 'static', '--out', 'again', '--with', 'none']);
    const r = await cli(['init', 'static', '--out', 'again', '--with', 'none']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Wrote 0 file\(s\)/);
    expect(r.stdout).toMatch(/Already up to date: again\/Dockerfile, again\/.dockerignore, again\/nginx\/default.conf/);
  });

  it('--force overwrites with a backup, and shipshape undo brings the old file back and removes the new ones', async () => {
    await mkdir(join(work, 'forced'));
    await writeFile(join(work, 'forced', 'Dockerfile'), 'FROM mine\n');
    const r = await cli(['init', 'java', '--out', 'forced', '--with', 'compose', '--force']);
    expect(r.code).toBe(0);
    expect(await readFile(join(work, 'forced', 'Dockerfile'), 'utf8')).toContain('eclipse-temurin:21-jre-noble');
    expect(r.stdout).toMatch(/`shipshape undo forced` takes this back/);
    const undo = await cli(['undo', 'forced']);
    expect(undo.code).toBe(0);
    expect(await readFile(join(work, 'forced', 'Dockerfile'), 'utf8')).toBe('FROM mine\n');
    expect(await exists(join(work, 'forced', 'compose.yaml'))).toBe(false);
  });

  it('in a subfolder of a git repository the workflow goes to the repository root and builds that folder; the repository comes from origin', async () => {
    const repo = join(work, 'mono');
    await mkdir(join(repo, 'services', 'api'), {recursive: true});
    execFileSync('git', ['init', '-q', repo]);
    execFileSync('git', ['-C', repo, 'remote', 'add', 'origin', 'git@github.com:Acme/mono.git']);
    const r = await cli(['init', 'node', '--out', 'services/api', '--with', 'ci'], repo);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('.github/workflows/api-image.yml');
    const workflow = await readFile(join(repo, '.github', 'workflows', 'api-image.yml'), 'utf8');
    expect(workflow).toContain('context: services/api');
    expect(r.stdout).toMatch(/`shipshape undo` takes this back/);
  });

  it('says so when no GitHub repository is known', async () => {
    const r = await cli(['init', 'go', '--out', 'nogit', '--with', 'k8s']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/No GitHub repository found .*--repo OWNER\/NAME/);
    expect(await readFile(join(work, 'nogit', 'k8s', 'deployment.yaml'), 'utf8')).toContain('image: ghcr.io/your-org/nogit:0.1.0');
  });

  it('names and repositories from folders and remotes', () => {
    expect(nameFromFolder('/x/My_Service')).toBe('my-service');
    expect(nameFromFolder('/x/2048')).toBe('app');
    expect(githubRepo('https://github.com/acme/shop.git')).toBe('acme/shop');
    expect(githubRepo('git@github.com:acme/shop')).toBe('acme/shop');
    expect(githubRepo('https://gitlab.com/acme/shop.git')).toBeNull();
  });
});
