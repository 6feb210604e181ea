import type {FileRule} from '../../core/rule.js';
import {c201RootUser} from './c201-root-user.js';
import {c202Privileged} from './c202-privileged.js';
import {c203Capabilities} from './c203-capabilities.js';
import {c204NoNewPrivileges} from './c204-no-new-privileges.js';
import {c205Unconfined} from './c205-unconfined.js';
import {c206WritableRootfs} from './c206-writable-rootfs.js';
import {c207NoMemoryLimit} from './c207-no-memory-limit.js';
import {c208NoCpuLimit} from './c208-no-cpu-limit.js';
import {c209NoPidsLimit} from './c209-no-pids-limit.js';
import {c210RestartPolicy} from './c210-restart-policy.js';
import {c211SecretInEnvironment} from './c211-secret-in-environment.js';
import {c212DockerSocket} from './c212-docker-socket.js';
import {c213HostNamespace} from './c213-host-namespace.js';
import {c214SensitiveHostMount} from './c214-sensitive-host-mount.js';
import {c215ImageTag} from './c215-image-tag.js';
import {c216PortAllInterfaces} from './c216-port-all-interfaces.js';
import {c217NoHealthcheck} from './c217-no-healthcheck.js';
import {c218HostDevices} from './c218-host-devices.js';
import {c219MountPropagation} from './c219-mount-propagation.js';
import {c220CgroupParent} from './c220-cgroup-parent.js';
import {c221UlimitsUnlimited} from './c221-ulimits-unlimited.js';
import {c222SelinuxLabel} from './c222-selinux-label.js';
import {c223PrivilegedHostPort} from './c223-privileged-host-port.js';
import {c224DefaultBridge} from './c224-default-bridge.js';
import {c225InternalPortPublished} from './c225-internal-port-published.js';

/** The Compose rules, in id order. */
export const composeRules: FileRule<'compose'>[] = [
  c201RootUser,
  c202Privileged,
  c203Capabilities,
  c204NoNewPrivileges,
  c205Unconfined,
  c206WritableRootfs,
  c207NoMemoryLimit,
  c208NoCpuLimit,
  c209NoPidsLimit,
  c210RestartPolicy,
  c211SecretInEnvironment,
  c212DockerSocket,
  c213HostNamespace,
  c214SensitiveHostMount,
  c215ImageTag,
  c216PortAllInterfaces,
  c217NoHealthcheck,
  c218HostDevices,
  c219MountPropagation,
  c220CgroupParent,
  c221UlimitsUnlimited,
  c222SelinuxLabel,
  c223PrivilegedHostPort,
  c224DefaultBridge,
  c225InternalPortPublished,
];
