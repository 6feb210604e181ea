/** The user, capability, secret-file and path lookups the rules use, derived from the image profiles. */
import {describe, expect, it} from 'vitest';
import {fileVariable, imageCaps, writablePaths} from '../../src/knowledge/compose-images.js';
import {defaultNonRootUser, dropsPrivileges, knownUser, nonRootCaveat, runsNonRootByDefault, takenIds} from '../../src/knowledge/images.js';

describe('derived from the image profiles', () => {
  it.each([
    ['grafana/grafana:11.0.0', 472, 0],
    ['grafana/grafana-oss', 472, 0],
    ['prom/prometheus', 65534, 65534],
    ['quay.io/prometheus/alertmanager:v0.27.0', 65534, 65534],
    ['bitnami/postgresql:16', 1001, 0],
    ['dpage/pgadmin4:8', 5050, 0],
    ['confluentinc/cp-kafka:7.6.13', 1000, 1000],
    ['sonarqube:10-community', 1000, 0],
    ['n8nio/n8n', 1000, 1000],
    ['docker.elastic.co/elasticsearch/elasticsearch:8.14.0', 1000, 0],
    ['quay.io/keycloak/keycloak:26.0', 1000, 0],
    ['mattermost/mattermost-team-edition:9.11', 2000, 2000],
    ['grafana/loki:3.0.0', 10001, 10001],
    ['memcached:1.6-alpine', 11211, 11211],
  ])('%s runs as %i:%i', (image, uid, gid) => {
    expect(runsNonRootByDefault(image)).toBe(true);
    expect(defaultNonRootUser(image)).toMatchObject({uid, gid});
  });

  it('knows non-root images whose docs name the user only', () => {
    expect(defaultNonRootUser('openzipkin/zipkin:3')).toEqual({name: 'zipkin', uid: -1, gid: -1});
    expect(knownUser('openzipkin/zipkin:3')).toBeNull();
  });

  it.each(['python:3.12', 'nginx:1.27', 'postgres:16', 'mycorp/base:1', 'cockroachdb/cockroach:v24.1.0'])('%s does not run as non-root by default', (image) => {
    expect(runsNonRootByDefault(image)).toBe(false);
  });

  it('knows the images that start as root and step down, and which of them take their own uid', () => {
    expect(dropsPrivileges('clickhouse/clickhouse-server:24.8')).toMatchObject({user: {uid: 101, gid: 101}, runDirectly: true});
    expect(dropsPrivileges('valkey/valkey:8.1.9-alpine')).toMatchObject({user: {uid: 999, gid: 1000}, runDirectly: true});
    const lsio = dropsPrivileges('lscr.io/linuxserver/sonarr:latest');
    expect(lsio).toMatchObject({user: {name: 'abc', uid: 911}, runDirectly: false});
    expect(lsio!.note).toContain('PUID/PGID');
    expect(dropsPrivileges('ghcr.io/hotio/sonarr')!.note).toContain('PUID/PGID (default 1000:1000)');
    const telegraf = dropsPrivileges('telegraf:1.30');
    expect(telegraf).toMatchObject({user: {name: 'telegraf', uid: -1}, runDirectly: false});
    expect(dropsPrivileges('grafana/grafana')).toBeNull();
    expect(dropsPrivileges('nginx:1.27')).toBeNull();
  });

  it('keeps the users images ship and the ones that only exist', () => {
    expect(knownUser('node:20-alpine')).toEqual({name: 'node', uid: 1000, gid: 1000});
    expect(knownUser('nginx:1.27')).toEqual({name: 'nginx', uid: 101, gid: 101});
    expect(knownUser('ubuntu:24.04')).toBeNull();
    expect(takenIds('ubuntu:24.04')).toContainEqual({name: 'ubuntu', uid: 1000, gid: 1000});
    expect(takenIds('ubuntu:22.04')).toEqual([]);
    expect(knownUser('mycorp/dhi-python:3.13')).toEqual({name: 'nonroot', uid: 65532, gid: 65532});
  });

  it('gives the web servers that bind privileged ports as root a caveat instead of a user', () => {
    for (const image of ['nginx:1.27', 'openresty/openresty', 'httpd:2.4', 'wordpress', 'php:8.3-apache', 'traefik:v3.1', 'caddy:2']) expect(nonRootCaveat(image), image).not.toBeNull();
    for (const image of ['nginxinc/nginx-unprivileged', 'wordpress:6-fpm', 'php:8.3-fpm', 'haproxy:3.0', 'postgres']) expect(nonRootCaveat(image), image).toBeNull();
  });

  it('reads capabilities, secret files and scratch paths from the profiles', () => {
    expect(imageCaps('postgres:16')).toEqual(['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID']);
    expect(imageCaps('nginx')).toContain('NET_BIND_SERVICE');
    expect(imageCaps('lscr.io/linuxserver/sonarr')).toContain('SETUID');
    expect(imageCaps('grafana/grafana')).toEqual([]);
    expect(fileVariable('postgres:16', 'POSTGRES_PASSWORD')).toBe('POSTGRES_PASSWORD_FILE');
    expect(fileVariable('grafana/grafana', 'GF_SECURITY_ADMIN_PASSWORD')).toBe('GF_SECURITY_ADMIN_PASSWORD__FILE');
    expect(fileVariable('lscr.io/linuxserver/mariadb', 'MYSQL_ROOT_PASSWORD')).toBe('FILE__MYSQL_ROOT_PASSWORD');
    expect(fileVariable('rabbitmq:3-management', 'RABBITMQ_DEFAULT_PASS')).toBeNull();
    expect(fileVariable('clickhouse/clickhouse-server', 'CLICKHOUSE_PASSWORD')).toBeNull();
    expect(fileVariable('quay.io/keycloak/keycloak', 'KC_DB_PASSWORD')).toBeNull();
    expect(writablePaths('nginx:1.27')).toEqual(['/var/cache/nginx', '/var/run']);
    expect(writablePaths('mariadb:11')).toEqual(['/run/mysqld']);
    expect(writablePaths('python:3.12')).toEqual([]);
  });
});
