/**
 * An independent checker of the Kubernetes Pod Security Standards (Baseline + Restricted), written
 * from the documentation (https://kubernetes.io/docs/concepts/security/pod-security-standards/,
 * "latest" version of the controls), to test shipshape's Kubernetes fixes against. It must not
 * import the rules or shipshape's Kubernetes helpers: it reads plain JS objects (YAML parsed the
 * 1.1 way, as the API server's go-yaml does) and finds pod templates on its own.
 */
import {parseAllDocuments} from 'yaml';

export interface Violation {
  level: 'baseline' | 'restricted';
  control: string;
  /** Where: `spec.containers[web].securityContext.privileged`. */
  path: string;
}

export interface PodTemplateJs {
  /** `Deployment/api` */
  where: string;
  metadata: Record<string, unknown>;
  spec: Record<string, unknown>;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

// Baseline: capabilities that may be added.
const BASELINE_CAPS = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
// Baseline: safe sysctls.
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  // v1.32
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
  // v1.37
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
// Restricted: allowed volume sources.
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret']);
const SECCOMP_OK = new Set(['RuntimeDefault', 'Localhost']);

/** Checks one pod (metadata + spec) against Baseline and Restricted. */
export function checkPod(metadata: Obj, spec: Obj): Violation[] {
  const out: Violation[] = [];
  const v = (level: Violation['level'], control: string, path: string) => out.push({level, control, path});
  const psc = obj(spec.securityContext);
  const containers: Array<{path: string; c: Obj}> = [];
  for (const field of ['containers', 'initContainers', 'ephemeralContainers']) {
    arr(spec[field]).forEach((c, i) => {
      const name = typeof obj(c).name === 'string' ? (obj(c).name as string) : String(i);
      containers.push({path: `spec.${field}[${name}]`, c: obj(c)});
    });
  }

  // --- Baseline ---
  // HostProcess
  if (obj(psc.windowsOptions).hostProcess === true) v('baseline', 'HostProcess', 'spec.securityContext.windowsOptions.hostProcess');
  for (const {path, c} of containers) {
    if (obj(obj(c.securityContext).windowsOptions).hostProcess === true) v('baseline', 'HostProcess', `${path}.securityContext.windowsOptions.hostProcess`);
  }
  // Host namespaces
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[key] === true) v('baseline', 'Host Namespaces', `spec.${key}`);
  // Privileged containers
  for (const {path, c} of containers) if (obj(c.securityContext).privileged === true) v('baseline', 'Privileged Containers', `${path}.securityContext.privileged`);
  // Capabilities (baseline list)
  for (const {path, c} of containers) {
    for (const cap of arr(obj(obj(c.securityContext).capabilities).add)) {
      if (!BASELINE_CAPS.has(String(cap))) v('baseline', 'Capabilities', `${path}.securityContext.capabilities.add[${String(cap)}]`);
    }
  }
  // HostPath volumes
  for (const vol of arr(spec.volumes)) if (obj(vol).hostPath !== undefined) v('baseline', 'HostPath Volumes', `spec.volumes[${String(obj(vol).name)}].hostPath`);
  // Host ports
  for (const {path, c} of containers) {
    for (const p of arr(c.ports)) {
      const hp = obj(p).hostPort;
      if (hp !== undefined && hp !== null && hp !== 0) v('baseline', 'Host Ports', `${path}.ports.hostPort`);
    }
  }
  // Host Probes / Lifecycle Hooks (v1.34+): no `host` in httpGet/tcpSocket of probes and handlers
  for (const {path, c} of containers) {
    const handlers = [
      ...['livenessProbe', 'readinessProbe', 'startupProbe'].map((p) => ({where: p, h: obj(c[p])})),
      ...['postStart', 'preStop'].map((p) => ({where: `lifecycle.${p}`, h: obj(obj(c.lifecycle)[p])})),
    ];
    for (const {where, h} of handlers) {
      for (const action of ['httpGet', 'tcpSocket']) {
        const host = obj(h[action]).host;
        if (host !== undefined && host !== null && host !== '') v('baseline', 'Host Probes / Lifecycle Hooks', `${path}.${where}.${action}.host`);
      }
    }
  }
  // AppArmor
  const appArmorOk = (t: unknown) => t === undefined || t === null || t === 'RuntimeDefault' || t === 'Localhost';
  if (!appArmorOk(obj(psc.appArmorProfile).type)) v('baseline', 'AppArmor', 'spec.securityContext.appArmorProfile.type');
  for (const {path, c} of containers) if (!appArmorOk(obj(obj(c.securityContext).appArmorProfile).type)) v('baseline', 'AppArmor', `${path}.securityContext.appArmorProfile.type`);
  for (const [key, value] of Object.entries(obj(metadata.annotations))) {
    if (!key.startsWith('container.apparmor.security.beta.kubernetes.io/')) continue;
    if (!(value === 'runtime/default' || (typeof value === 'string' && value.startsWith('localhost/')))) v('baseline', 'AppArmor', `metadata.annotations[${key}]`);
  }
  // SELinux
  const seLinux = (o: Obj, path: string) => {
    const t = o.type;
    if (t !== undefined && t !== null && !SELINUX_TYPES.has(String(t))) v('baseline', 'SELinux', `${path}.type`);
    for (const key of ['user', 'role']) if (o[key] !== undefined && o[key] !== null && o[key] !== '') v('baseline', 'SELinux', `${path}.${key}`);
  };
  seLinux(obj(psc.seLinuxOptions), 'spec.securityContext.seLinuxOptions');
  for (const {path, c} of containers) seLinux(obj(obj(c.securityContext).seLinuxOptions), `${path}.securityContext.seLinuxOptions`);
  // /proc mount type
  for (const {path, c} of containers) {
    const pm = obj(c.securityContext).procMount;
    if (pm !== undefined && pm !== null && pm !== 'Default') v('baseline', '/proc Mount Type', `${path}.securityContext.procMount`);
  }
  // Seccomp (baseline: not Unconfined)
  if (obj(psc.seccompProfile).type === 'Unconfined') v('baseline', 'Seccomp', 'spec.securityContext.seccompProfile.type');
  for (const {path, c} of containers) if (obj(obj(c.securityContext).seccompProfile).type === 'Unconfined') v('baseline', 'Seccomp', `${path}.securityContext.seccompProfile.type`);
  // Sysctls
  for (const s of arr(psc.sysctls)) if (!SAFE_SYSCTLS.has(String(obj(s).name))) v('baseline', 'Sysctls', `spec.securityContext.sysctls[${String(obj(s).name)}]`);

  // --- Restricted ---
  // Pods with spec.os.name windows are exempt from the Linux-only controls (privilege escalation,
  // seccomp, capabilities): "This is Linux only policy in v1.25+ (spec.os.name != windows)".
  const linux = obj(spec.os).name !== 'windows';
  // Volume types
  for (const vol of arr(spec.volumes)) {
    const sources = Object.keys(obj(vol)).filter((k) => k !== 'name');
    for (const s of sources) if (!RESTRICTED_VOLUMES.has(s)) v('restricted', 'Volume Types', `spec.volumes[${String(obj(vol).name)}].${s}`);
  }
  // Privilege escalation: must be explicitly false on every container
  for (const {path, c} of containers) {
    if (linux && obj(c.securityContext).allowPrivilegeEscalation !== false) v('restricted', 'Privilege Escalation', `${path}.securityContext.allowPrivilegeEscalation`);
  }
  // Running as non-root: pod true (containers may omit) or every container true; no container false
  const podNonRoot = psc.runAsNonRoot === true;
  for (const {path, c} of containers) {
    const own = obj(c.securityContext).runAsNonRoot;
    if (own === false || (own !== true && !podNonRoot)) v('restricted', 'Running as Non-root', `${path}.securityContext.runAsNonRoot`);
  }
  if (psc.runAsNonRoot === false) v('restricted', 'Running as Non-root', 'spec.securityContext.runAsNonRoot');
  // Running as non-root user: runAsUser must not be 0
  if (psc.runAsUser === 0) v('restricted', 'Running as Non-root user', 'spec.securityContext.runAsUser');
  for (const {path, c} of containers) if (obj(c.securityContext).runAsUser === 0) v('restricted', 'Running as Non-root user', `${path}.securityContext.runAsUser`);
  // Seccomp: RuntimeDefault or Localhost at the pod level, or on every container
  const podSeccomp = obj(psc.seccompProfile).type;
  if (linux && podSeccomp !== undefined && podSeccomp !== null && !SECCOMP_OK.has(String(podSeccomp))) v('restricted', 'Seccomp', 'spec.securityContext.seccompProfile.type');
  for (const {path, c} of linux ? containers : []) {
    const t = obj(obj(c.securityContext).seccompProfile).type;
    if (t === undefined || t === null) {
      if (!SECCOMP_OK.has(String(podSeccomp))) v('restricted', 'Seccomp', `${path}.securityContext.seccompProfile.type`);
    } else if (!SECCOMP_OK.has(String(t))) v('restricted', 'Seccomp', `${path}.securityContext.seccompProfile.type`);
  }
  // Capabilities: drop must include ALL; add only NET_BIND_SERVICE
  for (const {path, c} of linux ? containers : []) {
    const caps = obj(obj(c.securityContext).capabilities);
    if (!arr(caps.drop).map(String).includes('ALL')) v('restricted', 'Capabilities', `${path}.securityContext.capabilities.drop`);
    for (const cap of arr(caps.add)) if (String(cap) !== 'NET_BIND_SERVICE') v('restricted', 'Capabilities', `${path}.securityContext.capabilities.add[${String(cap)}]`);
  }
  return out;
}

const TEMPLATE_PATHS: Record<string, string[]> = {
  Pod: [],
  PodTemplate: ['template'],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** Pod templates of parsed Kubernetes objects (List items included). */
export function podTemplates(objects: readonly unknown[], where = ''): PodTemplateJs[] {
  const out: PodTemplateJs[] = [];
  for (const o of objects) {
    const object = obj(o);
    const kind = String(object.kind ?? '');
    const name = String(obj(object.metadata).name ?? '');
    if (kind.endsWith('List') && Array.isArray(object.items)) {
      out.push(...podTemplates(object.items, `${where}${kind}/${name} > `));
      continue;
    }
    const path = TEMPLATE_PATHS[kind];
    if (!path) continue;
    let t: Obj = object;
    for (const key of path) t = obj(t[key]);
    if (!t.spec) continue;
    out.push({where: `${where}${kind}/${name}`, metadata: obj(t.metadata), spec: obj(t.spec)});
  }
  return out;
}

/** Parses a manifest file the way Kubernetes does (YAML 1.1, merges) into plain objects. */
export function loadManifests(text: string): unknown[] {
  return parseAllDocuments(text, {version: '1.1', merge: true})
    .map((d) => d.toJS({maxAliasCount: 1000}) as unknown)
    .filter((v) => v !== null && v !== undefined);
}

/** The strongest level a pod meets: restricted, baseline, or privileged (it meets neither). */
export function levelOf(violations: readonly Violation[]): 'restricted' | 'baseline' | 'privileged' {
  if (violations.some((x) => x.level === 'baseline')) return 'privileged';
  return violations.length > 0 ? 'baseline' : 'restricted';
}

/** Violations of every pod template of a manifest file's text. */
export function checkManifest(text: string): Array<Violation & {where: string}> {
  return podTemplates(loadManifests(text)).flatMap((t) => checkPod(t.metadata, t.spec).map((x) => ({...x, where: t.where})));
}
