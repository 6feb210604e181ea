import {describe, expect, it} from 'vitest';
import {PROFILES} from '../../src/knowledge/profiles/catalog.js';
import {CERTAINTY_LABEL, profileFor, type ProfileMatch} from '../../src/knowledge/profiles/lookup.js';
import {compareVersions, interpolate} from '../../src/knowledge/profiles/ref.js';
import type {ImageProfile} from '../../src/knowledge/profiles/types.js';

function matched(image: string, options?: Parameters<typeof profileFor>[1]): ProfileMatch {
  const found = profileFor(image, options);
  if (found.certainty === 'not-known') throw new Error(`${image}: no profile (${found.why})`);
  return found;
}

/** A reference each profile must match: its first repository, or an image of its family. */
function sampleRef(profile: ImageProfile): string {
  if (profile.match.repos.length > 0) return `${profile.match.repos[0]}:1.0`;
  return `${profile.match.families![0]}example:1.0`;
}

describe('image profiles: matching', () => {
  it.each(PROFILES.map((p) => [p.id, sampleRef(p)] as const))('%s matches %s', (id, ref) => {
    expect(matched(ref).profile.id).toBe(id);
  });

  it.each(PROFILES.flatMap((p) => p.match.repos.map((repo) => [repo, p.id] as const)))('every listed repository matches: %s -> %s', (repo, id) => {
    const found = matched(repo);
    expect(found.profile.id).toBe(id);
    expect(found.how).toBe('exact');
    expect(found.certainty).toBe('known');
  });

  it.each([
    ['nginx', 'nginx', 'exact', 'known'],
    ['docker.io/library/nginx:1.27', 'nginx', 'exact', 'known'],
    ['index.docker.io/library/nginx', 'nginx', 'exact', 'known'],
    ['library/postgres', 'postgres', 'exact', 'known'],
    ['nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31', 'nginx', 'exact', 'known'],
    ['nginx:1.27@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31', 'nginx', 'exact', 'known'],
    ['mirror.gcr.io/library/redis:7', 'redis', 'exact', 'known'],
    ['public.ecr.aws/docker/library/redis:7-alpine', 'redis', 'exact', 'known'],
    ['docker.m.daocloud.io/library/alpine', 'alpine', 'exact', 'known'],
    ['registry.example.com:5000/nginx:1.27', 'nginx', 'exact', 'inferred'],
    ['harbor.example.com/dockerhub/library/nginx:1.27', 'nginx', 'exact', 'inferred'],
    ['harbor.example.com/proxy/grafana/grafana:11.0.0', 'grafana', 'exact', 'inferred'],
    ['bitnami/postgresql:16', 'bitnami', 'family', 'inferred'],
    ['docker.io/bitnami/rabbitmq:3.13', 'bitnami', 'family', 'inferred'],
    ['lscr.io/linuxserver/sonarr', 'linuxserver', 'family', 'inferred'],
    ['ghcr.io/linuxserver/sonarr:latest', 'linuxserver', 'family', 'inferred'],
    ['linuxserver/plex', 'linuxserver', 'family', 'inferred'],
    ['ghcr.io/hotio/sonarr', 'hotio', 'family', 'inferred'],
    ['grafana/grafana-oss', 'grafana', 'exact', 'known'],
    ['docker.elastic.co/elasticsearch/elasticsearch:8.14.0', 'elasticsearch', 'exact', 'known'],
    ['quay.io/prometheus/node-exporter', 'node-exporter', 'exact', 'known'],
    ['quay.io/prometheus/node-exporter:v1.12.1', 'node-exporter', 'exact', 'known'],
    ['confluentinc/cp-schema-registry:7.6.1', 'confluent-platform', 'family', 'inferred'],
    ['gcr.io/distroless/static-debian12:nonroot', 'distroless', 'family', 'inferred'],
    ['cgr.dev/chainguard/python:latest', 'chainguard', 'family', 'inferred'],
    ['mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled', 'dotnet', 'family', 'inferred'],
    ['ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib:0.100.0', 'otel-collector', 'exact', 'known'],
  ])('%s -> %s (%s, %s)', (image, id, how, certainty) => {
    const found = matched(image);
    expect(found.profile.id).toBe(id);
    expect(found.how).toBe(how);
    expect(found.certainty).toBe(certainty);
    if (certainty === 'inferred') expect(found.reasons.length).toBeGreaterThan(0);
  });

  it.each([
    'someuser/nginx',
    'ghcr.io/someone/postgres',
    'quay.io/acme/redis',
    'registry.example.com/acme/api:1.2',
    'harbor.example.com/team/nginx',
    'python-custom:3.12',
  ])('%s has no profile', (image) => {
    const found = profileFor(image);
    expect(found.certainty).toBe('not-known');
    if (found.certainty === 'not-known') {
      expect(found.why).toBe('no-profile');
      expect(found.howToCheck).toContain('docker image inspect');
    }
  });

  it('says why a registry it is not published on is only inferred', () => {
    expect(matched('registry.example.com:5000/nginx:1.27').reasons.join(' ')).toContain('registry.example.com:5000');
  });

  it('a base of a local build is inferred, never more', () => {
    const found = matched('nginx:1.27', {as: 'base'});
    expect(found.how).toBe('base');
    expect(found.certainty).toBe('inferred');
  });

  it('labels certainties with the words findings use', () => {
    expect(CERTAINTY_LABEL).toEqual({known: 'known profile', inferred: 'inferred', 'not-known': 'not known'});
  });
});

describe('image profiles: interpolated references', () => {
  it('resolves a default', () => {
    const found = matched('${IMG:-nginx:1.27}');
    expect(found.profile.id).toBe('nginx');
    expect(found.image).toBe('nginx:1.27');
    expect(found.resolved).toEqual([{name: 'IMG', from: 'default'}]);
  });

  it('takes a value the caller knows (an .env file) over the default', () => {
    expect(matched('${IMG:-nginx:1.27}', {vars: {IMG: 'redis:7'}}).profile.id).toBe('redis');
    expect(matched('$SYMBOLICATOR_IMAGE', {vars: {SYMBOLICATOR_IMAGE: 'ghcr.io/getsentry/symbolicator:nightly'}}).profile.id).toBe('symbolicator');
  });

  it('does not know a reference without a value or a default', () => {
    const found = profileFor('${IMAGE}');
    expect(found.certainty).toBe('not-known');
    if (found.certainty === 'not-known') {
      expect(found.why).toBe('unresolved-variable');
      expect(found.unresolved).toEqual(['IMAGE']);
    }
    expect(profileFor('${IMAGE:?set IMAGE}').certainty).toBe('not-known');
    expect(profileFor('${REGISTRY}/nginx:1.27').certainty).toBe('not-known');
  });

  it('matches the repository when only the tag is unknown, inferred where the tag picks a variant', () => {
    const pg = matched('postgres:${PG_TAG}');
    expect(pg.profile.id).toBe('postgres');
    expect(pg.certainty).toBe('inferred');
    expect(pg.reasons.join(' ')).toContain('${PG_TAG}');
    const nginx = matched('nginx:${NGINX_TAG}');
    expect(nginx.certainty).toBe('known');
  });

  it('resolves defaults in every part of the reference', () => {
    const found = matched('${REGISTRY:-docker.io}/library/postgres:${PG_TAG:-16-alpine}');
    expect(found.profile.runAs).toMatchObject({mode: 'steps-down', user: {uid: 70}});
  });

  it('handles nested defaults, escapes and the error/alternative forms', () => {
    expect(interpolate('${A:-${B:-x}}').value).toBe('x');
    expect(interpolate('${A:-${B:-x}}', {B: 'y'}).value).toBe('y');
    expect(interpolate('$${A}').value).toBe('${A}');
    expect(interpolate('${A-x}', {A: ''}).value).toBe('');
    expect(interpolate('${A:-x}', {A: ''}).value).toBe('x');
    expect(interpolate('${A:+alt}', {A: '1'}).value).toBe('alt');
    expect(interpolate('${A:+alt}').value).toBeNull();
    expect(interpolate('${A:?missing}').unresolved).toEqual(['A']);
  });

  it('compares versions numerically', () => {
    expect(compareVersions('2.10', '2.4')).toBe(1);
    expect(compareVersions('v1.9.0', '2')).toBe(-1);
    expect(compareVersions('7.6.13', '6')).toBe(1);
    expect(compareVersions('latest', '2')).toBeNull();
  });
});

describe('image profiles: variants', () => {
  it.each([
    ['postgres:16', 'steps-down', 999],
    ['postgres:16-alpine3.20', 'steps-down', 70],
    ['redis:7-alpine', 'steps-down', 999],
    ['rabbitmq:4-management-alpine', 'steps-down', 100],
    ['haproxy:3.0', 'non-root', 99],
    ['haproxy:2.3', 'root', null],
    ['gitea/gitea:1.22-rootless', 'non-root', 1000],
    ['gitea/gitea:1.22', 'steps-down', 1000],
    ['confluentinc/cp-kafka:7.6.13', 'non-root', 1000],
    ['confluentinc/cp-kafka:5.5.1', 'root', null],
    ['mariadb:11.4-ubi', 'non-root', 999],
    ['influxdb:2.7', 'steps-down', 1000],
    ['influxdb:3.3-core', 'non-root', 1500],
    ['gcr.io/distroless/static-debian12', 'root', null],
    ['gcr.io/distroless/static-debian12:nonroot', 'non-root', 65532],
    ['cgr.dev/chainguard/python:latest-dev', 'root', null],
    ['dhi.io/python:3.13-dev', 'root', null],
    ['mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled', 'non-root', 1654],
  ])('%s runs %s (uid %s)', (image, mode, uid) => {
    const runAs = matched(image).profile.runAs!;
    expect(runAs.mode).toBe(mode);
    if (runAs.mode !== 'root') expect(runAs.user.uid).toBe(uid);
  });

  it('knows where postgres keeps its data before and after 18', () => {
    expect(matched('postgres:17').profile.writes?.data).toEqual(['/var/lib/postgresql/data']);
    expect(matched('postgres:18').profile.writes?.data).toEqual(['/var/lib/postgresql']);
    expect(matched('postgres:16-alpine').variants).toEqual(['alpine', 'before 18']);
  });

  it('knows a 1.x InfluxDB user is not known in general', () => {
    expect(matched('influxdb:1.8').profile.runAs).toBeUndefined();
  });

  it('tells the Apache, FPM and CLI variants of the PHP images apart', () => {
    expect(matched('wordpress:6').profile.caveat).toContain('Apache');
    expect(matched('wordpress:6-fpm').profile.caveat).toBeUndefined();
    expect(matched('php:8.3-apache').profile.caveat).toContain('Apache');
    expect(matched('php:8.3-cli').profile.runAs).toMatchObject({mode: 'root'});
  });
});

describe('image profiles: data', () => {
  it('has unique ids', () => {
    const ids = PROFILES.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  /** Every fact object of a profile and of its variants. */
  function facts(profile: ImageProfile): Array<[string, {source: string} | undefined]> {
    const sets = [profile, ...(profile.variants ?? []).map((v) => v.set)];
    return sets.flatMap((s) => [
      ['runAs', s.runAs],
      ['ports', s.ports],
      ['writes', s.writes],
      ['secrets', s.secrets],
      ['resources', s.resources],
      ['nodeAgent', (s as ImageProfile).nodeAgent],
    ] as Array<[string, {source: string} | undefined]>);
  }

  it.each(PROFILES.map((p) => [p.id, p] as const))('%s names the source of every fact', (_id, profile) => {
    expect(profile.sources.length).toBeGreaterThan(0);
    for (const url of profile.sources) expect(url).toMatch(/^https:\/\//);
    for (const [name, fact] of facts(profile)) {
      if (fact === undefined) continue;
      expect(fact.source, `${profile.id}.${name}`).toMatch(/https:\/\//);
    }
  });

  it.each(PROFILES.map((p) => [p.id, p] as const))('%s has well-formed facts', (_id, profile) => {
    for (const variant of profile.variants ?? []) {
      expect(variant.tag !== undefined || variant.below !== undefined || variant.repos !== undefined, `${profile.id}/${variant.name} applies to something`).toBe(true);
      if (variant.tag) expect(() => new RegExp(variant.tag!)).not.toThrow();
    }
    for (const rule of profile.secrets?.fileVariables ?? []) {
      expect(rule.names !== undefined || rule.pattern !== undefined).toBe(true);
      expect(rule.form).toContain('{name}');
    }
    const runAs = profile.runAs;
    if (runAs?.mode === 'steps-down') expect(runAs.caps.length).toBeGreaterThan(0);
    for (const path of [...(profile.writes?.data ?? []), ...(profile.writes?.scratch ?? []), ...(profile.nodeAgent?.hostPaths ?? [])]) expect(path).toMatch(/^\//);
    if (profile.category === 'node-agent') expect(profile.nodeAgent).toBeDefined();
  });
});

describe('image profiles: MinIO (issue 10)', () => {
  it('minio/minio and quay.io/minio/minio run as root and write /data and /tmp; bitnami/minio runs as 1001 with its own paths', () => {
    for (const ref of ['minio/minio:RELEASE.2025-04-22T22-12-26Z', 'quay.io/minio/minio']) {
      const {profile} = matched(ref);
      expect(profile.id).toBe('minio');
      expect(profile.runAs).toMatchObject({mode: 'root'});
      expect(profile.runAs!.mode === 'root' && profile.runAs!.caps).toBeFalsy();
      expect(profile.writes).toMatchObject({data: ['/data'], scratch: ['/tmp']});
    }
    const bitnami = matched('bitnami/minio:2025.4.22');
    expect(bitnami.profile.id).toBe('bitnami-minio');
    expect(bitnami.profile.runAs).toMatchObject({mode: 'non-root', user: {uid: 1001, gid: 0}});
    expect(bitnami.profile.writes).toMatchObject({data: ['/bitnami/minio/data'], scratch: ['/opt/bitnami/minio/tmp', '/.mc']});
  });
});
