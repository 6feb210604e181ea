/**
 * The control lists of the standards shipshape maps its rules to, as data (data/<standard>.json,
 * what each list is in its `about`, checked by standardOf when shipshape is built): each control
 * with its id and title as the source document writes them, and whether a configuration linter can
 * check it at all (`scope: 'config'`) or it is about the host, the daemon, the cluster or the people
 * (`scope: 'out'`, with why). Rules name the controls they implement in their `controls` metadata
 * (`cis-docker:5.12`, `pss:restricted/capabilities`); knowledge/standards/coverage.ts counts them.
 *
 * Ids are the documents' own; none is made up. Where a document has no ids (the Pod Security
 * Standards name their controls only by title), the id is the title in kebab case, and `check`
 * names the Pod Security admission check that enforces it.
 */

import {fail, isObject, list, oneOf, optional, readData, record, str} from '../data-shape.js';
import cisDocker from './data/cis-docker.json' with {type: 'json'};
import cisK8s from './data/cis-k8s.json' with {type: 'json'};
import nsa from './data/nsa.json' with {type: 'json'};
import pss from './data/pss.json' with {type: 'json'};

export const STANDARD_IDS = ['pss', 'cis-docker', 'nsa', 'cis-k8s'] as const;
export type StandardId = (typeof STANDARD_IDS)[number];

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

const control = record<Control>({id: str, title: str, scope: oneOf(['config', 'out']), why: optional(str), partly: optional(str), check: optional(str)});
const standard = record<Standard>({id: oneOf(STANDARD_IDS), title: str, document: str, version: str, sources: list(str), controls: list(control)});
const standardFile = record<{about: string; standard: Record<string, unknown>}>({about: str, standard: (value, at) => (isObject(value) ? value : fail(at, 'an object', value))});

/** The standard of data file `name` (data/<id>.json), checked: a TypeError naming the file and field when one is wrong. */
export function standardOf(name: string, data: unknown): Standard {
  return readData(`standard ${name}`, () => {
    const file = standardFile(data, 'the file');
    const id = typeof file.standard.id === 'string' ? file.standard.id : 'standard';
    return standard(file.standard, id);
  });
}

/** Read as they are: standardOf checks them when shipshape is built (scripts/check-data.mjs) and in the tests. */
export const STANDARDS: readonly Standard[] = [pss, cisDocker, nsa, cisK8s].map((file) => file.standard as Standard);

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
