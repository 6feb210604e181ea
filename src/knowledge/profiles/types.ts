/**
 * The shape of an image profile: what shipshape knows about an image a repository runs, each fact
 * with the source it was taken from. A field left out is not known; nothing here is a default.
 * See README.md in this folder for how to add a profile.
 */

/** A user or group as an image defines it. A null id or name is not known. */
export interface ProfileUser {
  uid: number | null;
  gid: number | null;
  name: string | null;
}

/** How an image that starts as root switches to its own user. */
export const STEP_DOWN_TOOLS = ['gosu', 'su-exec', 'setpriv', 'chroot', 'clickhouse-su', 's6-overlay'] as const;
export type StepDownTool = (typeof STEP_DOWN_TOOLS)[number];

/** The user an image runs as when nothing (USER, `user:`, `runAsUser`) overrides it. */
export type RunAs =
  /** The image's USER is not root: it needs no `user:` and runs as this user. */
  | {mode: 'non-root'; user: ProfileUser; source: string}
  /**
   * The image starts as root on purpose and switches to its own user (`user`) itself: forcing a
   * `user:` stops it unless `acceptsOwnUser` (it then runs as that uid from the start, given a data
   * volume that uid owns). `caps` are what the step-down needs after `cap_drop: [ALL]`; `userEnv`
   * names the variables that choose the user (PUID/PGID).
   */
  | {
      mode: 'steps-down';
      via: StepDownTool;
      user: ProfileUser;
      caps: string[];
      /** Whether it also runs when started as that uid directly; absent when not known. */
      acceptsOwnUser?: boolean;
      userEnv?: {uid: string; gid: string};
      source: string;
    }
  /**
   * The image runs as root. `workers` is the user a root master process hands its workers to
   * (nginx, Apache); `caps` what that root process needs after `cap_drop: [ALL]`.
   */
  | {mode: 'root'; workers?: ProfileUser; caps?: string[]; source: string};

export const PRIVILEGED_BINDS = ['root', 'file-capability', 'configured'] as const;
export type PrivilegedBind = (typeof PRIVILEGED_BINDS)[number];

export interface Ports {
  /** Ports the default configuration listens on. */
  listens: number[];
  /**
   * Ports below 1024 it binds by default, and how: as root, through a file capability on its binary
   * (lost under `no-new-privileges` or without NET_BIND_SERVICE in the bounding set), or only when
   * configured so. Absent when it binds none.
   */
  privileged?: {ports: number[]; how: PrivilegedBind; note: string};
  source: string;
}

export interface Writes {
  /** Paths that hold data: a volume keeps them. */
  data: string[];
  /** Paths for pid files, sockets, caches and temp files: a tmpfs is enough. */
  scratch: string[];
  /** Paths inside the image it writes at start (generated config): a read-only root needs them writable. */
  config?: string[];
  /** True when the source lists every path it writes; false when a read-only root may still fail. */
  complete: boolean;
  source: string;
}

/**
 * Which secret variables an image reads from a file. `form` turns a variable name into the name of
 * its file variable: `{name}_FILE` (docker-library), `{name}__FILE` (Grafana), `FILE__{name}` (s6 images).
 */
export interface FileVariables {
  /** Exact variable names, or a regular expression source every matching name satisfies. */
  names?: string[];
  pattern?: string;
  form: string;
}

export interface Secrets {
  fileVariables: FileVariables[];
  /** Secret variables the image reads from the environment only (no file variant). */
  noFileVariant: string[];
  source: string;
}

export const RESOURCE_CLASSES = ['jvm', 'database', 'cache', 'queue', 'proxy', 'search', 'small', 'agent', 'app'] as const;
export type ResourceClass = (typeof RESOURCE_CLASSES)[number];

export interface Resources {
  class: ResourceClass;
  /** Variables it reads the JVM heap from (`-Xmx`). */
  heapEnv?: string[];
  /** The heap its start script sets when none of those variables is given (Kafka's `-Xmx1G`). */
  defaultHeap?: string;
  /** The most of the memory limit its heap should take (Elasticsearch: half; the rest is for the file system cache). */
  heapShare?: number;
  /** It starts many threads or processes: a small pids limit stops it. */
  manyThreads?: boolean;
  /** File-descriptor limit its docs ask for. */
  nofile?: number;
  source: string;
}

/** What a node agent needs from the host: that is its purpose, not a weakness to remove. */
export interface NodeAgent {
  hostNetwork?: boolean;
  hostPID?: boolean;
  privileged?: boolean;
  hostPaths?: string[];
  caps?: string[];
  source: string;
}

export const PROFILE_CATEGORIES = ['database', 'cache', 'queue', 'proxy', 'monitoring', 'jvm', 's6', 'app', 'node-agent', 'base'] as const;
export type ProfileCategory = (typeof PROFILE_CATEGORIES)[number];

export interface ProfileMatchRules {
  /**
   * Repository paths as Docker Hub or the registry shows them, without tag (`postgres`,
   * `grafana/grafana`, `docker.elastic.co/elasticsearch/elasticsearch` for a registry of its own).
   */
  repos: string[];
  /** Path prefixes of a family of images that share the facts (`bitnami/`, `linuxserver/`). */
  families?: string[];
  /** Registries the image is published on besides Docker Hub and its mirrors (`quay.io`, `ghcr.io`). */
  registries?: string[];
}

/** A tag or version variant whose facts differ (postgres `-alpine` runs as 70, haproxy < 2.4 as root). */
export interface ProfileVariant {
  name: string;
  /** Regular expression source tested against the tag. */
  tag?: string;
  /** Applies when the tag's version is lower than this one (`2.4`). */
  below?: string;
  /** Applies to these repositories of the profile only. */
  repos?: string[];
  /** The facts that differ; a fact set to `undefined` (`null` in the data files) is not known for this variant. */
  set: Partial<Pick<ImageProfile, 'runAs' | 'ports' | 'writes' | 'secrets' | 'resources' | 'caveat' | 'ships' | 'existing'>>;
}

export interface ImageProfile {
  id: string;
  title: string;
  category: ProfileCategory;
  match: ProfileMatchRules;
  runAs?: RunAs;
  /** Users the image creates for others to reuse (node's `node`), when it does not run as them. */
  ships?: ProfileUser[];
  /** Users that exist in the image but are not meant to run an app (Ubuntu's `ubuntu`): never create them again. */
  existing?: ProfileUser[];
  ports?: Ports;
  writes?: Writes;
  secrets?: Secrets;
  resources?: Resources;
  nodeAgent?: NodeAgent;
  /** What a person must change before it can run non-root, where a plain user would break it. */
  caveat?: string;
  /**
   * Where the image's own docs ask for less confinement than a hardening fix gives: tools it uses on
   * purpose that gain privileges through setuid (a desktop's passwordless sudo), which
   * no-new-privileges takes away; `seccomp=unconfined` for programs the default profile stops.
   */
  confinement?: {setuidTools?: string; seccompUnconfined?: string; source: string};
  variants?: ProfileVariant[];
  /** The image's own docs or Dockerfile, for the facts not sourced one by one. */
  sources: string[];
}
