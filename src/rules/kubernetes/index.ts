import type {FileRule} from '../../core/rule.js';
import {k301RunAsRoot} from './k301-run-as-root.js';
import {k302PrivilegeEscalation} from './k302-privilege-escalation.js';
import {k303Privileged} from './k303-privileged.js';
import {k304Capabilities} from './k304-capabilities.js';
import {k305WritableRootfs} from './k305-writable-rootfs.js';
import {k306Seccomp} from './k306-seccomp.js';
import {k307Resources} from './k307-resources.js';
import {k308HostNamespace} from './k308-host-namespace.js';
import {k309HostPath} from './k309-host-path.js';
import {k310SecretInEnv} from './k310-secret-in-env.js';
import {k311ImageTag} from './k311-image-tag.js';
import {k312SaTokenAutomount} from './k312-sa-token-automount.js';
import {k313NamespacePss} from './k313-namespace-pss.js';
import {k314NamespaceQuota} from './k314-namespace-quota.js';
import {k315PodSecurityPolicy} from './k315-pod-security-policy.js';
import {k316UnmaskedProc} from './k316-unmasked-proc.js';
import {k317SecretEnvRef} from './k317-secret-env-ref.js';
import {k318AppArmor} from './k318-apparmor.js';
import {k319SelinuxOptions} from './k319-selinux-options.js';
import {k320ProbeHost} from './k320-probe-host.js';
import {k321HostProcess} from './k321-host-process.js';
import {k322VolumeTypes} from './k322-volume-types.js';
import {k323SharedNamespace} from './k323-shared-namespace.js';
import {k324NamespaceNetworkPolicy} from './k324-namespace-network-policy.js';

/** The Kubernetes rules, in id order. */
export const kubernetesRules: FileRule<'kubernetes'>[] = [
  k301RunAsRoot,
  k302PrivilegeEscalation,
  k303Privileged,
  k304Capabilities,
  k305WritableRootfs,
  k306Seccomp,
  k307Resources,
  k308HostNamespace,
  k309HostPath,
  k310SecretInEnv,
  k311ImageTag,
  k312SaTokenAutomount,
  k313NamespacePss,
  k314NamespaceQuota,
  k315PodSecurityPolicy,
  k316UnmaskedProc,
  k317SecretEnvRef,
  k318AppArmor,
  k319SelinuxOptions,
  k320ProbeHost,
  k321HostProcess,
  k322VolumeTypes,
  k323SharedNamespace,
  k324NamespaceNetworkPolicy,
];
