/**
 * The control lists of the standards shipshape maps its rules to, as data: each control with its
 * id and title as the source document writes them, and whether a configuration linter can check
 * it at all (`scope: 'config'`) or it is about the host, the daemon, the cluster or the people
 * (`scope: 'out'`, with why). Rules name the controls they implement in their `controls` metadata
 * (`cis-docker:5.12`, `pss:restricted/capabilities`); knowledge/standards/coverage.ts counts them.
 *
 * Ids are the documents' own; none is made up. Where a document has no ids (the Pod Security
 * Standards name their controls only by title), the id is the title in kebab case, and `check`
 * names the Pod Security admission check that enforces it.
 */

export type StandardId = 'pss' | 'cis-docker' | 'nsa' | 'cis-k8s';

export interface Control {
  /** The id within its standard: `5.12`, `baseline/host-namespaces`. */
  id: string;
  title: string;
  /** `config`: a file in a repository decides it. `out`: host, daemon, cluster or process; `why` says which. */
  scope: 'config' | 'out';
  why?: string;
  /**
   * Where the rules cover a `config` control only partly: in what way, and what they leave out.
   * Such a control counts as covered, and every count says how many of them are partial.
   */
  partly?: string;
  /** Pod Security Standards only: the Pod Security admission check (k8s.io/pod-security-admission/policy) that enforces it. */
  check?: string;
}

export interface Standard {
  id: StandardId;
  title: string;
  /** The document and its version the control list is taken from. */
  document: string;
  version: string;
  /** Where the list (ids and titles) was read. */
  sources: readonly string[];
  controls: readonly Control[];
}

const config = (id: string, title: string, extra: Partial<Control> = {}): Control => ({id, title, scope: 'config', ...extra});
const out = (id: string, title: string, why: string): Control => ({id, title, scope: 'out', why});

/**
 * Kubernetes Pod Security Standards as Kubernetes v1.37 enforces them. Baseline gained "Host Probes
 * / Lifecycle Hooks" in v1.34; in v1.35 Baseline relaxed /proc Mount Type for pods in a user
 * namespace (`hostUsers: false`) and Restricted took over the unconditional check
 * (procMount_restricted). Sysctls: the safe set grew in v1.27, v1.29, v1.32 and v1.37 (SAFE_SYSCTLS).
 */
const PSS: Standard = {
  id: 'pss',
  title: 'Kubernetes Pod Security Standards',
  document: 'Kubernetes Pod Security Standards (Baseline and Restricted), enforced by Pod Security admission',
  version: 'Kubernetes v1.37',
  sources: [
    'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
    'https://github.com/kubernetes/pod-security-admission/tree/8f84a87/policy (check IDs, levels and versions; 2026-07-01)',
  ],
  controls: [
    config('baseline/hostprocess', 'HostProcess', {check: 'windowsHostProcess'}),
    config('baseline/host-namespaces', 'Host Namespaces', {check: 'hostNamespaces'}),
    config('baseline/privileged-containers', 'Privileged Containers', {check: 'privileged'}),
    config('baseline/capabilities', 'Capabilities', {check: 'capabilities_baseline'}),
    config('baseline/hostpath-volumes', 'HostPath Volumes', {check: 'hostPathVolumes'}),
    config('baseline/host-ports', 'Host Ports', {check: 'hostPorts'}),
    config('baseline/host-probes-lifecycle-hooks', 'Host Probes / Lifecycle Hooks (v1.34+)', {check: 'hostProbesAndHostLifecycle'}),
    config('baseline/apparmor', 'AppArmor', {check: 'appArmorProfile'}),
    config('baseline/selinux', 'SELinux', {check: 'seLinuxOptions'}),
    config('baseline/proc-mount-type', '/proc Mount Type', {check: 'procMount'}),
    config('baseline/seccomp', 'Seccomp', {check: 'seccompProfile_baseline'}),
    config('baseline/sysctls', 'Sysctls', {check: 'sysctls'}),
    config('restricted/volume-types', 'Volume Types', {check: 'restrictedVolumes'}),
    config('restricted/privilege-escalation', 'Privilege Escalation (v1.8+)', {check: 'allowPrivilegeEscalation'}),
    config('restricted/running-as-non-root', 'Running as Non-root', {check: 'runAsNonRoot'}),
    config('restricted/running-as-non-root-user', 'Running as Non-root user (v1.23+)', {check: 'runAsUser'}),
    config('restricted/seccomp', 'Seccomp (v1.19+)', {check: 'seccompProfile_restricted'}),
    config('restricted/capabilities', 'Capabilities (v1.22+)', {check: 'capabilities_restricted'}),
    config('restricted/proc-mount-type', '/proc Mount Type, also in user namespaces (v1.35+)', {check: 'procMount_restricted'}),
  ],
};

/** CIS Docker Benchmark v1.6.0, sections 4 (images and build files) and 5 (container runtime). */
const CIS_DOCKER: Standard = {
  id: 'cis-docker',
  title: 'CIS Docker Benchmark §4–5',
  document: 'CIS Docker Benchmark, §4 Container Images and Build File, §5 Container Runtime',
  version: 'v1.6.0',
  sources: [
    'https://www.cisecurity.org/benchmark/docker',
    'https://github.com/docker/docker-bench-security/blob/ff26d67/tests/4_container_images.sh (ids and titles, v1.6.0)',
    'https://github.com/docker/docker-bench-security/blob/ff26d67/tests/5_container_runtime.sh',
    'https://github.com/aquasecurity/trivy-checks/blob/main/pkg/compliance/docker-cis-1.6.0.yaml',
  ],
  controls: [
    config('4.1', 'Ensure that a user for the container has been created'),
    config('4.2', 'Ensure that containers use only trusted base images', {partly: 'a base image must be pinned to a version or digest (D103–D105); whether its publisher is one you trust is not checked'}),
    config('4.3', 'Ensure that unnecessary packages are not installed in the container', {partly: "only the packages apt installs as recommendations (D110); which packages an image needs is not known"}),
    config('4.4', 'Ensure images are scanned and rebuilt to include security patches', {partly: 'a CI job must scan the images built (P401, P402); that they are rebuilt when a patch comes out is not checked'}),
    config('4.5', 'Ensure Content trust for Docker is Enabled', {partly: 'a pipeline that pushes images must sign them (P403); that the hosts which pull them verify signatures (DOCKER_CONTENT_TRUST, a policy) is not a repository setting'}),
    config('4.6', 'Ensure that HEALTHCHECK instructions have been added to container images'),
    config('4.7', 'Ensure update instructions are not used alone in the Dockerfile'),
    config('4.8', 'Ensure setuid and setgid permissions are removed'),
    config('4.9', 'Ensure that COPY is used instead of ADD in Dockerfiles'),
    config('4.10', 'Ensure secrets are not stored in Dockerfiles'),
    config('4.11', 'Ensure only verified packages are installed'),
    config('4.12', 'Ensure all signed artifacts are validated'),
    out('5.1', 'Ensure swarm mode is not Enabled, if not needed', 'a daemon setting (docker info), not a file of the repository'),
    config('5.2', 'Ensure that, if applicable, an AppArmor Profile is enabled'),
    config('5.3', 'Ensure that, if applicable, SELinux security options are set'),
    config('5.4', 'Ensure that Linux kernel capabilities are restricted within containers'),
    config('5.5', 'Ensure that privileged containers are not used'),
    config('5.6', 'Ensure sensitive host system directories are not mounted on containers'),
    out('5.7', 'Ensure sshd is not run within containers', 'which processes a running container starts (docker exec ps); D116 reports EXPOSE 22'),
    config('5.8', 'Ensure privileged ports are not mapped within containers'),
    config('5.9', 'Ensure that only needed ports are open on the container', {partly: 'published internal ports, -P and EXPOSE 22 are reported (C225, R514, D116); which ports a service needs only its owner knows'}),
    config('5.10', "Ensure that the host's network namespace is not shared"),
    config('5.11', 'Ensure that the memory usage for containers is limited'),
    config('5.12', 'Ensure that CPU priority is set appropriately on containers'),
    config('5.13', "Ensure that the container's root filesystem is mounted as read only"),
    config('5.14', 'Ensure that incoming container traffic is bound to a specific host interface'),
    config('5.15', "Ensure that the 'on-failure' container restart policy is set to '5'"),
    config('5.16', "Ensure that the host's process namespace is not shared"),
    config('5.17', "Ensure that the host's IPC namespace is not shared"),
    config('5.18', 'Ensure that host devices are not directly exposed to containers'),
    config('5.19', 'Ensure that the default ulimit is overwritten at runtime if needed'),
    config('5.20', 'Ensure mount propagation mode is not set to shared'),
    config('5.21', "Ensure that the host's UTS namespace is not shared"),
    config('5.22', 'Ensure the default seccomp profile is not Disabled'),
    out('5.23', 'Ensure that docker exec commands are not used with the privileged option', 'interactive docker exec sessions, audited on the host'),
    out('5.24', 'Ensure that docker exec commands are not used with the user=root option', 'interactive docker exec sessions, audited on the host'),
    config('5.25', 'Ensure that cgroup usage is confirmed'),
    config('5.26', 'Ensure that the container is restricted from acquiring additional privileges'),
    config('5.27', 'Ensure that container health is checked at runtime'),
    config('5.28', 'Ensure that Docker commands always make use of the latest version of their image'),
    config('5.29', 'Ensure that the PIDs cgroup limit is used'),
    config('5.30', "Ensure that Docker's default bridge 'docker0' is not used"),
    config('5.31', "Ensure that the host's user namespaces are not shared"),
    config('5.32', 'Ensure that the Docker socket is not mounted inside any containers'),
  ],
};

const CLUSTER = 'a setting of the control plane or the nodes, not of the manifests';

/**
 * NSA/CISA Kubernetes Hardening Guidance. The guide itself has no control ids; the numbering is the
 * one of Trivy's compliance spec k8s-nsa-1.0, which users of `trivy k8s --compliance` know.
 */
const NSA: Standard = {
  id: 'nsa',
  title: 'NSA/CISA Kubernetes Hardening Guidance',
  document: 'NSA/CISA Kubernetes Hardening Guidance (control numbering of Trivy compliance spec k8s-nsa-1.0)',
  version: '1.0',
  sources: [
    'https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF',
    'https://github.com/aquasecurity/trivy-checks/blob/main/pkg/compliance/k8s-nsa-1.0.yaml (ids and titles)',
  ],
  controls: [
    config('1.0', 'Non-root containers'),
    config('1.1', 'Immutable container file systems'),
    config('1.2', 'Preventing privileged containers'),
    config('1.3', 'Share containers process namespaces'),
    config('1.4', 'Share host process namespaces'),
    config('1.5', 'Use the host network'),
    config('1.6', 'Run with root privileges or with root group membership'),
    config('1.7', 'Restricts escalation to root privileges'),
    config('1.8', 'Sets the SELinux context of the container'),
    config('1.9', "Restrict a container's access to resources with AppArmor"),
    config('1.10', 'Sets the seccomp profile used to sandbox containers.'),
    config('1.11', 'Protecting Pod service account tokens'),
    config('1.12', 'Namespace kube-system should not be used by users'),
    config('2.0', 'Pod and/or namespace Selectors usage', {partly: 'every namespace of the repository must have a NetworkPolicy (K324); whether its selectors isolate the pods is not judged'}),
    out('3.0', 'Use CNI plugin that supports NetworkPolicy API', 'the cluster network plugin'),
    config('4.0', 'Use ResourceQuota policies to limit resources'),
    config('4.1', 'Use LimitRange policies to limit resources'),
    out('5.0', 'Control plan disable insecure port', CLUSTER),
    out('5.1', 'Encrypt etcd communication', CLUSTER),
    out('6.0', 'Ensure kube config file permission', CLUSTER),
    out('6.1', 'Check that encryption resource has been set', CLUSTER),
    out('6.2', 'Check encryption provider', CLUSTER),
    out('7.0', 'Make sure anonymous-auth is unset', CLUSTER),
    out('7.1', 'Make sure -authorization-mode=RBAC', CLUSTER),
    out('8.0', 'Audit policy is configure', CLUSTER),
    out('8.1', 'Audit log path is configure', CLUSTER),
    out('8.2', 'Audit log aging', CLUSTER),
  ],
};

const RBAC = 'RBAC: who may do what in the cluster (Roles, ClusterRoles, bindings); shipshape checks workloads, not access control';

/** CIS Kubernetes Benchmark v1.12, §5 Policies. */
const CIS_K8S: Standard = {
  id: 'cis-k8s',
  title: 'CIS Kubernetes Benchmark §5',
  document: 'CIS Kubernetes Benchmark, §5 Policies',
  version: 'v1.12',
  sources: [
    'https://www.cisecurity.org/benchmark/kubernetes',
    'https://github.com/aquasecurity/kube-bench/blob/a73ce37/cfg/cis-1.12/policies.yaml (ids and titles)',
  ],
  controls: [
    out('5.1.1', 'Ensure that the cluster-admin role is only used where required', RBAC),
    out('5.1.2', 'Minimize access to secrets', RBAC),
    out('5.1.3', 'Minimize wildcard use in Roles and ClusterRoles', RBAC),
    out('5.1.4', 'Minimize access to create pods', RBAC),
    config('5.1.5', 'Ensure that default service accounts are not actively used', {partly: 'the token of a service account must not be mounted where not needed (K312); which service account a pod runs as is not checked'}),
    config('5.1.6', 'Ensure that Service Account Tokens are only mounted where necessary'),
    out('5.1.7', 'Avoid use of system:masters group', RBAC),
    out('5.1.8', 'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster', RBAC),
    out('5.1.9', 'Minimize access to create persistent volumes', RBAC),
    out('5.1.10', 'Minimize access to the proxy sub-resource of nodes', RBAC),
    out('5.1.11', 'Minimize access to the approval sub-resource of certificatesigningrequests objects', RBAC),
    out('5.1.12', 'Minimize access to webhook configuration objects', RBAC),
    out('5.1.13', 'Minimize access to the service account token creation', RBAC),
    config('5.2.1', 'Ensure that the cluster has at least one active policy control mechanism in place', {partly: "the namespaces of the repository must enforce a Pod Security level (K313) and PodSecurityPolicy is reported (K315); the cluster's own admission configuration is not in the repository"}),
    config('5.2.2', 'Minimize the admission of privileged containers'),
    config('5.2.3', 'Minimize the admission of containers wishing to share the host process ID namespace'),
    config('5.2.4', 'Minimize the admission of containers wishing to share the host IPC namespace'),
    config('5.2.5', 'Minimize the admission of containers wishing to share the host network namespace'),
    config('5.2.6', 'Minimize the admission of containers with allowPrivilegeEscalation'),
    config('5.2.7', 'Minimize the admission of root containers'),
    config('5.2.8', 'Minimize the admission of containers with the NET_RAW capability'),
    config('5.2.9', 'Minimize the admission of containers with capabilities assigned'),
    config('5.2.10', 'Minimize the admission of Windows HostProcess containers'),
    config('5.2.11', 'Minimize the admission of HostPath volumes'),
    config('5.2.12', 'Minimize the admission of containers which use HostPorts'),
    out('5.3.1', 'Ensure that the CNI in use supports NetworkPolicies', 'the cluster network plugin'),
    config('5.3.2', 'Ensure that all Namespaces have NetworkPolicies defined'),
    config('5.4.1', 'Prefer using Secrets as files over Secrets as environment variables'),
    config('5.4.2', 'Consider external secret storage', {partly: 'literal secrets in manifests are reported and moved to a Secret or Vault (K310); that an external store is used is not checked'}),
    out('5.5.1', 'Configure Image Provenance using ImagePolicyWebhook admission controller', 'an admission controller of the API server'),
    config('5.6.1', 'Create administrative boundaries between resources using namespaces', {partly: "workloads in default or the cluster's own namespaces are reported (K323); how the rest are split into namespaces is the owner's design"}),
    config('5.6.2', 'Ensure that the seccomp profile is set to docker/default in your Pod definitions'),
    config('5.6.3', 'Apply SecurityContext to your Pods and Containers'),
    config('5.6.4', 'The default namespace should not be used'),
  ],
};

export const STANDARDS: readonly Standard[] = [PSS, CIS_DOCKER, NSA, CIS_K8S];

/**
 * The sysctls the Baseline Pod Security Standard allows, by the Kubernetes version that added them
 * (k8s.io/pod-security-admission policy/check_sysctls.go).
 */
export const SAFE_SYSCTLS_SINCE: Readonly<Record<string, string>> = {
  'kernel.shm_rmid_forced': '1.0',
  'net.ipv4.ip_local_port_range': '1.0',
  'net.ipv4.tcp_syncookies': '1.0',
  'net.ipv4.ping_group_range': '1.0',
  'net.ipv4.ip_unprivileged_port_start': '1.0',
  'net.ipv4.ip_local_reserved_ports': '1.27',
  'net.ipv4.tcp_keepalive_time': '1.29',
  'net.ipv4.tcp_fin_timeout': '1.29',
  'net.ipv4.tcp_keepalive_intvl': '1.29',
  'net.ipv4.tcp_keepalive_probes': '1.29',
  'net.ipv4.tcp_rmem': '1.32',
  'net.ipv4.tcp_wmem': '1.32',
  'net.ipv4.tcp_slow_start_after_idle': '1.37',
  'net.ipv4.tcp_notsent_lowat': '1.37',
};

/** SELinux types Baseline allows in `seLinuxOptions.type` (policy/check_seLinuxOptions.go, v1.31+). */
export const ALLOWED_SELINUX_TYPES: readonly string[] = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];

/** Inline volume sources Restricted allows (policy/check_restrictedVolumes.go). */
export const RESTRICTED_VOLUME_TYPES: readonly string[] = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];
