/**
 * The Pod Security Standard level a pod template meets as it is written: `restricted`, `baseline`
 * or `privileged` (it meets neither). K313 enforces the strongest level every pod of a namespace
 * meets. The controls are those of https://kubernetes.io/docs/concepts/security/pod-security-standards/
 * ("latest"), with its Windows exemptions: pods with `spec.os.name: windows` are not checked for
 * privilege escalation, seccomp and capabilities under Restricted.
 */
import type {PodTemplate} from '../../formats/yaml/kubernetes.js';
import {asRecord} from '../../formats/yaml/nodes.js';

export type PssLevel = 'privileged' | 'baseline' | 'restricted';
export const PSS_LEVELS: readonly PssLevel[] = ['privileged', 'baseline', 'restricted'];

/** The weaker of two levels. */
export function weaker(a: PssLevel, b: PssLevel): PssLevel {
  return PSS_LEVELS.indexOf(a) <= PSS_LEVELS.indexOf(b) ? a : b;
}

type Obj = Record<string, unknown>;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const BASELINE_CAPS = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
const SECCOMP_OK = new Set(['RuntimeDefault', 'Localhost']);

function containersOf(spec: Obj): Obj[] {
  return ['containers', 'initContainers', 'ephemeralContainers'].flatMap((f) => list(spec[f]).map(asRecord));
}

/** The Baseline controls a pod spec breaks, by name (empty when it meets Baseline). */
export function baselineViolations(spec: Obj, metadata: Obj): string[] {
  const out = new Set<string>();
  const psc = asRecord(spec.securityContext);
  const containers = containersOf(spec);
  const csc = (c: Obj) => asRecord(c.securityContext);
  if (asRecord(psc.windowsOptions).hostProcess === true || containers.some((c) => asRecord(csc(c).windowsOptions).hostProcess === true)) out.add('HostProcess');
  if (spec.hostNetwork === true || spec.hostPID === true || spec.hostIPC === true) out.add('Host Namespaces');
  if (containers.some((c) => csc(c).privileged === true)) out.add('Privileged Containers');
  if (containers.some((c) => list(asRecord(csc(c).capabilities).add).some((cap) => !BASELINE_CAPS.has(String(cap))))) out.add('Capabilities');
  if (list(spec.volumes).some((v) => asRecord(v).hostPath !== undefined)) out.add('HostPath Volumes');
  if (containers.some((c) => list(c.ports).some((p) => ![undefined, null, 0].includes(asRecord(p).hostPort as never)))) out.add('Host Ports');
  const appArmorOk = (t: unknown) => t === undefined || t === null || t === 'RuntimeDefault' || t === 'Localhost';
  if (!appArmorOk(asRecord(psc.appArmorProfile).type) || containers.some((c) => !appArmorOk(asRecord(csc(c).appArmorProfile).type))) out.add('AppArmor');
  for (const [key, value] of Object.entries(asRecord(metadata.annotations))) {
    if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && !(value === 'runtime/default' || (typeof value === 'string' && value.startsWith('localhost/')))) out.add('AppArmor');
  }
  const seLinuxBad = (o: Obj) => (o.type !== undefined && o.type !== null && !SELINUX_TYPES.has(String(o.type))) || ['user', 'role'].some((k) => o[k] !== undefined && o[k] !== null && o[k] !== '');
  if (seLinuxBad(asRecord(psc.seLinuxOptions)) || containers.some((c) => seLinuxBad(asRecord(csc(c).seLinuxOptions)))) out.add('SELinux');
  if (containers.some((c) => ![undefined, null, 'Default'].includes(csc(c).procMount as never))) out.add('/proc Mount Type');
  if (asRecord(psc.seccompProfile).type === 'Unconfined' || containers.some((c) => asRecord(csc(c).seccompProfile).type === 'Unconfined')) out.add('Seccomp');
  if (list(psc.sysctls).some((s) => !SAFE_SYSCTLS.has(String(asRecord(s).name)))) out.add('Sysctls');
  return [...out];
}

/** The Restricted controls (beyond Baseline) a pod spec breaks, by name. */
export function restrictedViolations(spec: Obj): string[] {
  const out = new Set<string>();
  const psc = asRecord(spec.securityContext);
  const containers = containersOf(spec);
  const csc = (c: Obj) => asRecord(c.securityContext);
  const windows = asRecord(spec.os).name === 'windows';
  if (list(spec.volumes).some((v) => Object.keys(asRecord(v)).some((k) => k !== 'name' && !RESTRICTED_VOLUMES.has(k)))) out.add('Volume Types');
  if (!windows && containers.some((c) => csc(c).allowPrivilegeEscalation !== false)) out.add('Privilege Escalation');
  if (psc.runAsNonRoot === false || containers.some((c) => csc(c).runAsNonRoot === false || (csc(c).runAsNonRoot !== true && psc.runAsNonRoot !== true))) out.add('Running as Non-root');
  if (psc.runAsUser === 0 || containers.some((c) => csc(c).runAsUser === 0)) out.add('Running as Non-root user');
  if (!windows) {
    const podType = asRecord(psc.seccompProfile).type;
    const podOk = SECCOMP_OK.has(String(podType));
    if ((podType !== undefined && podType !== null && !podOk) || containers.some((c) => {
      const own = asRecord(csc(c).seccompProfile).type;
      return own === undefined || own === null ? !podOk : !SECCOMP_OK.has(String(own));
    })) out.add('Seccomp');
    if (containers.some((c) => {
      const caps = asRecord(csc(c).capabilities);
      return !list(caps.drop).map(String).includes('ALL') || list(caps.add).some((cap) => String(cap) !== 'NET_BIND_SERVICE');
    })) out.add('Capabilities');
  }
  return [...out];
}

/** The strongest level a pod template meets as written. */
export function podLevel(t: Pick<PodTemplate, 'specValue' | 'metadataValue'>): PssLevel {
  if (baselineViolations(t.specValue, t.metadataValue).length > 0) return 'privileged';
  return restrictedViolations(t.specValue).length > 0 ? 'baseline' : 'restricted';
}
