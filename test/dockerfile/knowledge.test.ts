import {describe, expect, it} from 'vitest';
import {buildProject} from '../../src/core/project.js';
import {stripBom} from '../../src/core/text.js';
import {dockerfileUser, createdAccounts, shellCommands} from '../../src/knowledge/dockerfile-user.js';
import {
  defaultNonRootUser,
  dropsPrivileges,
  hasShell,
  imageFamily,
  knownUser,
  nonRootCaveat,
  parseImageRef,
  takenIds,
  userCreationCommands,
} from '../../src/knowledge/images.js';
import {fixProject} from '../helpers/battery.js';
import {parseSource, isParseFailure} from '../../src/core/source.js';

describe('image knowledge', () => {
  it.each([
    ['debian:bookworm-slim', 'debian'],
    ['python:3.12-slim', 'debian'],
    ['node:20', 'debian'],
    ['node:20-alpine', 'alpine'],
    ['alpine', 'alpine'],
    ['busybox:1.36', 'busybox'],
    ['ubuntu:24.04', 'ubuntu'],
    ['eclipse-temurin:21-jre', 'ubuntu'],
    ['eclipse-temurin:21-jre-alpine', 'alpine'],
    ['registry.access.redhat.com/ubi9/ubi:9.4', 'rhel'],
    ['registry.access.redhat.com/ubi9/ubi-minimal', 'ubi-minimal'],
    ['registry.access.redhat.com/ubi9-micro:latest', 'ubi-micro'],
    ['rockylinux:9', 'rhel'],
    ['gcr.io/distroless/static-debian12:nonroot', 'distroless'],
    ['cgr.dev/chainguard/python:latest', 'chainguard'],
    ['cgr.dev/chainguard/python:latest-dev', 'wolfi'],
    ['dhi.io/python:3.13', 'dhi'],
    ['dhi.io/python:3.13-dev', 'debian'],
    ['scratch', 'scratch'],
    ['mcr.microsoft.com/windows/servercore:ltsc2022', 'windows'],
    ['mcr.microsoft.com/windows/nanoserver:ltsc2022', 'windows'],
    ['mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022', 'windows'],
    ['mycorp/base:1', 'unknown'],
  ])('%s is %s', (image, family) => {
    expect(imageFamily(image)).toBe(family);
  });

  it('parses references with registry, port, tag and digest', () => {
    expect(parseImageRef('localhost:5000/team/app:1.2@sha256:abc')).toMatchObject({registry: 'localhost:5000', path: 'team/app', name: 'app', tag: '1.2', digest: 'sha256:abc'});
    expect(parseImageRef('docker.io/library/node:20')).toMatchObject({registry: 'docker.io', path: 'node', tag: '20'});
  });

  it('knows shipped users, defaults and privilege-dropping images', () => {
    expect(knownUser('node:20-alpine')).toEqual({name: 'node', uid: 1000, gid: 1000});
    expect(knownUser('gcr.io/distroless/base-debian12')).toMatchObject({uid: 65532, gid: 65532});
    expect(knownUser('bitnami/postgresql:16')).toMatchObject({uid: 1001});
    expect(knownUser('python:3.12')).toBeNull();
    expect(takenIds('ubuntu:24.04')).toContainEqual({name: 'ubuntu', uid: 1000, gid: 1000});
    expect(takenIds('ubuntu:22.04')).toEqual([]);
    expect(defaultNonRootUser('gcr.io/distroless/static-debian12:nonroot')).toMatchObject({uid: 65532});
    expect(defaultNonRootUser('gcr.io/distroless/static-debian12')).toBeNull();
    expect(defaultNonRootUser('nginxinc/nginx-unprivileged:1.27')).toMatchObject({uid: 101});
    expect(defaultNonRootUser('python:3.12')).toBeNull();
    expect(dropsPrivileges('postgres:16')?.user).toMatchObject({uid: 999});
    expect(dropsPrivileges('postgres:16-alpine')?.user).toMatchObject({uid: 70});
    for (const image of ['mysql:8.4', 'mariadb:11', 'redis:7', 'mongo:7', 'rabbitmq:3-management']) expect(dropsPrivileges(image), image).not.toBeNull();
    expect(dropsPrivileges('nginx:1.27')).toBeNull();
    expect(nonRootCaveat('nginx:1.27')).toContain('nginx-unprivileged');
    expect(hasShell('gcr.io/distroless/static-debian12')).toBe(false);
    expect(hasShell('gcr.io/distroless/base-debian12:debug-nonroot')).toBe(true);
  });

  it('creates users with each family\'s own tools', () => {
    const spec = {name: 'app', uid: '10001', gid: '10001'};
    expect(userCreationCommands('debian', spec)!.join(' && ')).toContain('useradd --system --no-log-init --uid 10001 --gid app');
    expect(userCreationCommands('alpine', spec)).toEqual(['addgroup -S -g 10001 app', 'adduser -S -D -H -u 10001 -G app app']);
    expect(userCreationCommands('ubi-minimal', spec)![0]).toBe('microdnf install -y shadow-utils');
    expect(userCreationCommands('distroless', spec)).toBeNull();
    expect(userCreationCommands('windows', spec)).toBeNull();
  });
});

describe('the user of a Dockerfile', () => {
  const project = (text: string, path = 'svc/Dockerfile') => buildProject(['.'], [{path, kind: 'dockerfile', text}]);

  it('resolves names through useradd/groupadd of the file', () => {
    const p = project('FROM debian:bookworm-slim\nRUN groupadd -g 2001 web \\\n && useradd --uid 2000 --gid web web\nUSER web\n');
    expect(dockerfileUser(p, 'svc/Dockerfile')).toMatchObject({kind: 'non-root', name: 'web', uid: 2000, gid: 2001, source: 'user-instruction'});
  });
  it('follows FROM <stage> and ARG defaults', () => {
    const p = project('ARG UID=3000\nFROM alpine:3.20 AS base\nARG UID\nRUN adduser -S -D -u ${UID} svc\nUSER ${UID}\nFROM base\nCMD ["x"]\n');
    expect(dockerfileUser(p, 'svc/Dockerfile')).toMatchObject({kind: 'non-root', uid: 3000});
  });
  it('uses the image default without USER, and reports root otherwise', () => {
    expect(dockerfileUser(project('FROM cgr.dev/chainguard/static\n'), 'svc/Dockerfile')).toMatchObject({kind: 'non-root', uid: 65532, source: 'image-default'});
    expect(dockerfileUser(project('FROM python:3.12\n'), 'svc/Dockerfile')).toMatchObject({kind: 'root', uid: 0, source: 'none'});
    expect(dockerfileUser(project('FROM node:20\nUSER node\n'), 'svc/Dockerfile')).toMatchObject({kind: 'non-root', uid: 1000, gid: 1000});
    expect(dockerfileUser(project('FROM python:3.12\n'), 'other/Dockerfile')).toBeNull();
  });
  it('reads user commands inside && chains, heredocs and sudo', () => {
    const words = shellCommands('apt-get update && sudo useradd -u 5 a; echo x | tee y');
    expect(words.map((w) => w[0])).toEqual(['apt-get', 'useradd', 'echo', 'tee']);
    const s = parseSource('Dockerfile', 'dockerfile', 'FROM debian\nRUN <<EOF\nset -e\nuseradd --uid=42 bob\nEOF\n');
    if (isParseFailure(s) || s.kind !== 'dockerfile') throw new Error('parse');
    expect(createdAccounts(s.dockerfile.stages[0]!.instructions).users).toMatchObject([{name: 'bob', id: 42}]);
  });
});

describe('BOM', () => {
  it('is stripped by io before the core, and the fix result is the same as without it', () => {
    const raw = '\uFEFFFROM debian:bookworm-slim\nWORKDIR /app\nCOPY . .\nCMD ["./run"]\n';
    const {text, bom} = stripBom(raw);
    expect(bom).toBe('\uFEFF');
    expect(text.startsWith('FROM')).toBe(true);
    const fix = (t: string) => fixProject(buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text: t}]), {only: new Set(['D101', 'D102'])}).files[0]?.after;
    const withBom = fix(text);
    expect(withBom).toContain('USER 10001:10001');
    const plain = 'FROM debian:bookworm-slim\nWORKDIR /app\nCOPY . .\nCMD ["./run"]\n';
    expect(withBom).toBe(fix(plain));
    expect(withBom!.startsWith('FROM debian:bookworm-slim\nRUN groupadd')).toBe(true);
  });
});
