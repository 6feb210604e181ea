import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {expect, it} from 'vitest';
import {checkManifest} from '../helpers/pss-checker.js';

const fixture = (p: string) => readFileSync(join(import.meta.dirname, '../../fixtures', p), 'utf8');

it('reports the controls a privileged host agent breaks', () => {
  const controls = new Set(checkManifest(fixture('kubernetes/daemonset-0.yaml')).map((v) => v.control));
  for (const c of ['Host Namespaces', 'Privileged Containers', 'Capabilities', 'Host Ports', 'Privilege Escalation', 'Running as Non-root', 'Seccomp']) expect(controls).toContain(c);
});

it('passes a hardened pod, in YAML and JSON', () => {
  expect(checkManifest(fixture('rules/K301/ok-hardened-deployment.yaml'))).toEqual([]);
  expect(checkManifest(fixture('rules/K301/ok-pod.json'))).toEqual([]);
});

it('finds pod templates in CronJobs and Lists, init containers included', () => {
  expect(checkManifest(fixture('kubernetes/cronjob-0.yaml')).some((v) => v.where === 'CronJob/job0')).toBe(true);
  expect(checkManifest(fixture('kubernetes/list.yaml')).some((v) => v.where.includes('Deployment/echo'))).toBe(true);
  expect(checkManifest(fixture('rules/K303/bad-privileged-init.yaml')).some((v) => v.path.startsWith('spec.initContainers[wait-db]'))).toBe(true);
});

it('exempts Windows pods from the Linux-only Restricted controls, and from nothing else', () => {
  const controls = new Set(checkManifest(fixture('rules/K301/bad-windows-pod.yaml')).map((v) => v.control));
  expect(controls).toEqual(new Set(['Running as Non-root']));
  expect(checkManifest(fixture('rules/K301/bad-windows-pod.fixed.yaml'))).toEqual([]);
});
