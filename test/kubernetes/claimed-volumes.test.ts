import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {buildProject} from '../../src/core/project.js';
import {claimedVolume} from '../../src/rules/kubernetes/volumes.js';
import {findingsOf} from '../helpers/battery.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/rules/K301');

function project(name: string) {
  const dir = join(FIXTURES, name);
  return buildProject(['.'], readdirSync(dir).map((path) => ({path, kind: 'kubernetes' as const, text: readFileSync(join(dir, path), 'utf8')})));
}

describe('a claim followed to the PersistentVolume it binds (issue 10)', () => {
  it('by volumeName, by a selector, and not for a claim a StorageClass provisions', () => {
    expect(claimedVolume(project('bad-nfs-claim-busybox'), 'nfs', null)).toMatchObject({volume: 'nfs', spec: {nfs: {path: '/'}}});
    expect(claimedVolume(project('bad-hostpath-claim-nginx'), 'site', 'default')).toMatchObject({volume: 'site', spec: {hostPath: {path: '/srv/site'}}});
    expect(claimedVolume(project('bad-provisioned-claim'), 'data', null)).toBeNull();
    expect(claimedVolume(project('bad-nfs-claim-busybox'), 'other', null)).toBeNull();
  });

  it('K301 asks before a uid writes an NFS export through a claim, and says why', () => {
    const [finding] = findingsOf(project('bad-nfs-claim-busybox'), 'K301');
    expect(finding?.certainty).toBe('not-known');
    expect(finding?.message).toContain('nfs volume (PersistentVolume nfs, bound by claim nfs) at /mnt');
    expect(finding?.fix?.needsInput).toEqual(['uid', 'gid']);
  });

  it('K301 keeps nginx as uid 101 with its emptyDirs, but asks when it serves a host path through a claim', () => {
    const [finding] = findingsOf(project('bad-hostpath-claim-nginx'), 'K301');
    expect(finding?.fix?.title).toMatch(/^Run nginx as its own uid 101/);
    expect(finding?.fix?.needsInput).toEqual(['uid', 'gid']);
    expect(finding?.fix?.params.find((p) => p.name === 'uid')?.default).toBe('101');
    expect(finding?.advice).toContain('hostPath volume (PersistentVolume site, bound by claim site) at /usr/share/nginx/html');
  });
});
