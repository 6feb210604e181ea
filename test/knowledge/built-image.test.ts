import {describe, expect, it} from 'vitest';
import {buildProject} from '../../src/core/project.js';
import {builtImage, builtImageCaps, builtImageData, builtImageScratch} from '../../src/knowledge/built-image.js';
import type {YamlSource} from '../../src/core/source.js';
import {services} from '../../src/formats/yaml/compose.js';
import {builtImageOf} from '../../src/rules/compose/common.js';

const of = (text: string, target: string | null = null) => builtImage(buildProject(['.'], [{path: 'Dockerfile', kind: 'dockerfile', text}]), 'Dockerfile', target)!;

describe('builtImage: what a service built here runs and writes, from its Dockerfile', () => {
  it('nginx from Debian packages, started by CMD: a root web server writing the Debian paths', () => {
    const built = of('FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends nginx-light\nCMD ["nginx", "-g", "daemon off;"]\n');
    expect(built.rootServer).toBe('nginx');
    expect(builtImageCaps(built)).toEqual(['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID', 'NET_BIND_SERVICE']);
    expect(builtImageScratch(built)).toEqual(['/run', '/var/lib/nginx', '/var/log/nginx']);
    expect(built.caveat).toMatch(/^nginx starts as root/);
    // Alpine's package writes elsewhere; nginx not installed from packages: no packaged paths.
    expect(builtImageScratch(of('FROM alpine:3.20\nRUN apk add --no-cache nginx\nCMD ["nginx", "-g", "daemon off;"]\n'))).toEqual(['/run/nginx', '/var/lib/nginx', '/var/log/nginx']);
    expect(builtImageScratch(of('FROM debian:bookworm-slim\nCOPY nginx /usr/sbin/nginx\nCMD ["nginx"]\n'))).toEqual([]);
  });

  it('the official image as base keeps its profile while the entrypoint is kept, and loses it with an own ENTRYPOINT', () => {
    const kept = of('FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\n');
    expect(builtImageScratch(kept)).toEqual(['/var/cache/nginx', '/var/run']);
    const pg = of('FROM postgres:16\nCOPY init.sql /docker-entrypoint-initdb.d/\n');
    expect(builtImageCaps(pg)).toEqual(['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID']);
    expect(pg.baseProfile?.id).toBe('postgres');
    expect(of('FROM postgres:16\nCOPY run.sh /\nENTRYPOINT ["/run.sh"]\n').baseProfile).toBeNull();
  });

  it('an entrypoint that steps down with gosu or su-exec', () => {
    const built = of('FROM debian:bookworm-slim\nRUN apt-get install -y gosu\nCOPY entrypoint.sh /\nENTRYPOINT ["/entrypoint.sh"]\n');
    expect(built.stepDown).toBe('gosu');
    expect(builtImageCaps(built)).toEqual(['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID']);
  });

  it('folders made for the program: mkdir (data or scratch by path), VOLUME, a WORKDIR nothing is copied into', () => {
    const built = of(
      [
        'FROM python:3.12-slim',
        'ARG DATA=/srv/data',
        'WORKDIR /app',
        'COPY . .',
        'RUN mkdir -p $DATA /var/run/app relative /etc/app /root/.cache && mkdir /app/static',
        'COPY static/ /app/static/',
        'VOLUME ["/var/lib/app"]',
        'WORKDIR /work',
        'CMD ["python", "/app/main.py"]',
        '',
      ].join('\n'),
    );
    expect(built.dirs).toEqual([
      {path: '/srv/data', how: 'mkdir', scratch: false},
      {path: '/var/run/app', how: 'mkdir', scratch: true},
      {path: '/app/relative', how: 'mkdir', scratch: false},
      {path: '/var/lib/app', how: 'volume', scratch: false},
      {path: '/work', how: 'workdir', scratch: false},
    ]);
    // A VOLUME is a volume at run time already; the others hold data or scratch.
    expect(builtImageData(built)).toEqual(['/srv/data', '/app/relative', '/work']);
    expect(builtImageScratch(built)).toEqual(['/var/run/app']);
  });

  it('build.target: the stage a service builds, not the final one', () => {
    const text = 'FROM debian:bookworm-slim AS web\nRUN apt-get install -y nginx\nCMD ["nginx"]\nFROM debian:bookworm-slim\nCMD ["./app"]\n';
    expect(of(text).rootServer).toBeNull();
    expect(of(text, 'web').rootServer).toBe('nginx');
  });

  it('is read once per project for each Dockerfile and target, whichever service or rule asks (builtImageOf)', () => {
    const project = buildProject(['.'], [
      {path: 'compose.yaml', kind: 'compose', text: 'services:\n  web:\n    build: ./app\n  worker:\n    build:\n      context: ./app\n  tests:\n    build:\n      context: ./app\n      target: test\n'},
      {path: 'app/Dockerfile', kind: 'dockerfile', text: 'FROM python:3.12-slim AS test\nRUN mkdir -p /app/data\nFROM python:3.12-slim\nRUN mkdir -p /var/run/app\n'},
    ]);
    const source = project.get('compose.yaml') as YamlSource;
    const [web, worker, tests] = services(source).map((svc) => builtImageOf(svc, project));
    expect(web).toBe(worker);
    expect(web).toBe(builtImageOf(services(source)[0]!, project));
    expect(tests).not.toBe(web);
    expect(tests!.dirs.map((d) => d.path)).toEqual(['/app/data']);
    expect(web!.dirs.map((d) => d.path)).toEqual(['/var/run/app']);
  });
});

