import type {Rule} from '../../core/rule.js';
import {k301RunAsRoot} from './k301-run-as-root.js';
import {k302PrivilegeEscalation} from './k302-privilege-escalation.js';
import {k303Privileged} from './k303-privileged.js';
import {k304Capabilities} from './k304-capabilities.js';
import {k305WritableRootfs} from './k305-writable-rootfs.js';
import {k306Seccomp} from './k306-seccomp.js';
import {k307Resources} from './k307-resources.js';

/** The Kubernetes rules, in id order. */
export const kubernetesRules: Rule<'kubernetes'>[] = [
  k301RunAsRoot,
  k302PrivilegeEscalation,
  k303Privileged,
  k304Capabilities,
  k305WritableRootfs,
  k306Seccomp,
  k307Resources,
];
