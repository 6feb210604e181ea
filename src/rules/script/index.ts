import type {Rule} from '../../core/rule.js';
import {r501Privileged} from './r501-privileged.js';
import {r502HostNamespace} from './r502-host-namespace.js';
import {r503DockerSocket} from './r503-docker-socket.js';
import {r504SecretInEnv} from './r504-secret-in-env.js';
import {r505RootUser} from './r505-root-user.js';
import {r506Capabilities} from './r506-capabilities.js';
import {r507NoNewPrivileges} from './r507-no-new-privileges.js';
import {r508WritableRootfs} from './r508-writable-rootfs.js';
import {r509NoMemoryLimit} from './r509-no-memory-limit.js';
import {r510NoCpuLimit} from './r510-no-cpu-limit.js';
import {r511NoPidsLimit} from './r511-no-pids-limit.js';
import {r512RestartPolicy} from './r512-restart-policy.js';
import {r513Unconfined} from './r513-unconfined.js';
import {r514PublishedPorts} from './r514-published-ports.js';
import {r515DefaultBridge} from './r515-default-bridge.js';
import {r516HostResources} from './r516-host-resources.js';
import {r517ImageTag} from './r517-image-tag.js';
import {r518NoHealthcheck} from './r518-no-healthcheck.js';

/** The container command-line rules (docker/podman run and create, docker service create), in id order. */
export const scriptRules: Rule<'script'>[] = [
  r501Privileged,
  r502HostNamespace,
  r503DockerSocket,
  r504SecretInEnv,
  r505RootUser,
  r506Capabilities,
  r507NoNewPrivileges,
  r508WritableRootfs,
  r509NoMemoryLimit,
  r510NoCpuLimit,
  r511NoPidsLimit,
  r512RestartPolicy,
  r513Unconfined,
  r514PublishedPorts,
  r515DefaultBridge,
  r516HostResources,
  r517ImageTag,
  r518NoHealthcheck,
];
