/**
 * What the Kubernetes fixes know about the workload behind a pod template, so a fix only changes
 * what the workload can live with (DESIGN §3 "Do no harm"):
 *
 * - `imageFacts(project, t, c)`: the container's image — built by a Dockerfile of the repository
 *   (and the user that Dockerfile runs as, or will after D101), else its image profile (known or
 *   inferred) or not known, with how to check.
 * - `runDecision(project, t, c, param)`: the user a container can run as — its own uid (its
 *   Dockerfile's, its profile's non-root or step-down user), the `uid` parameter where the image is
 *   known to run the repository's command as root, the nginx way (its uid 101 with the
 *   unprivileged-port sysctl and emptyDirs), root kept (advice: it steps down itself, binds as
 *   root, changes ownership), or not known (the fix asks a person).
 * - `isWindowsPod(t)`: Windows pods get none of the Linux-only fields (the API server refuses them;
 *   the Pod Security Standards exempt them).
 * - `nodeAgentOf(t)`: a DaemonSet whose image profile is a node agent, or whose shape is one (host
 *   namespaces or host paths of the node): it keeps what it needs from the node.
 * - `rootCommand(c)`: a command that only root can run (chown, sysctl -w, …).
 */
import type {Certainty} from '../../core/model.js';
import type {Project} from '../../core/project.js';
import type {DockerfileSource} from '../../core/source.js';
import type {ContainerRef, PodTemplate} from '../../formats/yaml/kubernetes.js';
import {asRecord} from '../../formats/yaml/nodes.js';
import {dockerfileForImage, dockerfileRunAs, imageBaseName} from '../../knowledge/image-source.js';
import {finalStageUser} from '../../knowledge/dockerfile-user.js';
import {commandCaveat, plannedRunAs} from '../../knowledge/non-root-user.js';
import {finalStage} from '../../formats/dockerfile/stages.js';
import {profileFor, type ProfileLookup} from '../../knowledge/profiles/lookup.js';
import type {ImageProfile} from '../../knowledge/profiles/types.js';
import {claimedVolume} from './volumes.js';

export interface ImageFacts {
  image: string;
  /** The Dockerfile of the repository that builds the image, or null. */
  dockerfile: DockerfileSource | null;
  /** The profile used (of the image, or of the base a local build starts FROM), or null. */
  profile: ImageProfile | null;
  certainty: Certainty;
  /** Why the facts are only inferred, or how to find out when not known. */
  notes: string[];
  /** The lookup behind `profile`, for the "not known" wording. */
  lookup: ProfileLookup | null;
}

export function imageOf(c: ContainerRef): string {
  return typeof c.value.image === 'string' ? c.value.image : '';
}

/** The facts shipshape has about a container's image (see the module comment). */
export function imageFacts(project: Project, t: PodTemplate, c: ContainerRef): ImageFacts {
  const image = imageOf(c);
  const dockerfile = image ? dockerfileForImage(project, image, t.object.source.path) : null;
  if (dockerfile) {
    const base = finalStageUser(dockerfile)?.image ?? '';
    const lookup = base ? profileFor(base, {as: 'base'}) : null;
    const profile = lookup && lookup.certainty !== 'not-known' ? lookup.profile : null;
    return {image, dockerfile, profile, certainty: 'known', notes: [`${dockerfile.path} builds it`], lookup};
  }
  const lookup = profileFor(image);
  if (lookup.certainty === 'not-known') return {image, dockerfile: null, profile: null, certainty: 'not-known', notes: [lookup.howToCheck], lookup};
  return {image, dockerfile: null, profile: lookup.profile, certainty: lookup.certainty, notes: lookup.reasons, lookup};
}

// ---------------------------------------------------------------------------------------------
// The user a container can run as

export interface RunAsUid {
  kind: 'uid';
  /** What the container runs as today, in plain words (`runs as its own user grafana (472)`). */
  runs: string;
  uid: number;
  gid: number;
  certainty: Certainty;
  /** Where the ids come from, in plain words. */
  source: string;
  /** Paths the image writes inside its own (root-owned) filesystem: they need an emptyDir once it runs as uid. */
  scratch: string[];
  /** True when `uid` is the `uid` parameter (the repository's command on an image that runs as root). */
  fromParam: boolean;
  /** Why a person must confirm the uid before it applies (a volume whose owner fsGroup cannot change), if so. */
  confirm?: string;
}

/** The official nginx image: its own uid 101, the lowest listened port unprivileged by a sysctl, emptyDirs where it writes. */
export interface RunAsNginx {
  kind: 'nginx';
  runs: string;
  uid: number;
  gid: number;
  certainty: Certainty;
  source: string;
  /** Ports the container listens on (declared, else the image's default). */
  ports: number[];
  scratch: string[];
  /** Why a person must confirm the uid before it applies (a volume whose owner fsGroup cannot change), if so. */
  confirm?: string;
}

export interface KeepsRoot {
  kind: 'root';
  runs: string;
  certainty: Certainty;
  /** Why it must start as root, in plain words. */
  why: string;
  /** What to do instead. */
  advice: string;
}

export interface NotKnown {
  kind: 'not-known';
  runs: string;
  why: string;
  howToCheck: string;
}

export type RunDecision = RunAsUid | RunAsNginx | KeepsRoot | NotKnown;

/** Programs whose use in a container's command needs root (ownership, kernel settings, packages). */
const ROOT_PROGRAMS = /(^|[\s;&|(`'"/])(chown|chgrp|chmod|sysctl|setcap|mount|modprobe|iptables|ip6tables|useradd|adduser|groupadd|apt-get|apk|yum|dnf|microdnf|ulimit)(?=\s|$|[;&|)`'"])/;

/** The root-only program a container's command runs (`chown` in `chown -R 999 /data`), or null. */
export function rootCommand(c: ContainerRef): string | null {
  const words = [c.value.command, c.value.args].flatMap((v) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []));
  const m = ROOT_PROGRAMS.exec(words.join(' '));
  if (!m) return null;
  // `sysctl` only reads without -w; `ulimit` only raises as root.
  if (m[2] === 'sysctl' && !/sysctl\s+(-\w*w|--write)/.test(words.join(' '))) return null;
  return m[2]!;
}

/** Installers and fetchers that write into the image's own (root-owned) folders when a command runs them at start. */
const START_INSTALLS = /(^|[\s;&|(`'"/])(git clone|npm (?:install|i|ci)|yarn(?: install)?|pnpm install|pip3? install|go (?:get|build|install)|bundle install|gem install|composer install|cargo (?:build|install))(?=\s|$|[;&|)`'"])/;

/** What a container's command installs or fetches at start (`git clone` in `cd /home && git clone …`), or null. */
export function installsAtStart(c: ContainerRef): string | null {
  const words = [c.value.command, c.value.args].flatMap((v) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []));
  return START_INSTALLS.exec(words.join(' '))?.[2] ?? null;
}

/** Volume types whose files keep their owner: fsGroup does not make them writable for another uid. */
const UNOWNED_VOLUMES = ['nfs', 'hostPath', 'glusterfs', 'cephfs', 'azureFile', 'flexVolume'] as const;

/**
 * A volume the container writes (not mounted readOnly) whose files fsGroup cannot hand to its uid
 * (`nfs volume at /mnt`), or null. A persistentVolumeClaim is followed to the PersistentVolume it
 * binds when the repository holds both (`nfs volume (PersistentVolume nfs, bound by claim nfs) at /mnt`).
 */
export function unownedWritableMount(project: Project, t: PodTemplate, c: ContainerRef): string | null {
  const volumes = Array.isArray(t.specValue.volumes) ? t.specValue.volumes.map(asRecord) : [];
  for (const m of Array.isArray(c.value.volumeMounts) ? c.value.volumeMounts.map(asRecord) : []) {
    if (m.readOnly === true) continue;
    const volume = volumes.find((v) => v.name === m.name);
    if (!volume) continue;
    const type = UNOWNED_VOLUMES.find((k) => volume[k] !== undefined);
    if (type) return `${type} volume at ${String(m.mountPath)}`;
    const claim = asRecord(volume.persistentVolumeClaim);
    if (typeof claim.claimName !== 'string' || claim.readOnly === true) continue;
    const bound = claimedVolume(project, claim.claimName, t.object.namespace);
    const boundType = bound ? UNOWNED_VOLUMES.find((k) => bound.spec[k] !== undefined) : undefined;
    if (boundType) return `${boundType} volume (PersistentVolume ${bound!.volume}, bound by claim ${claim.claimName}) at ${String(m.mountPath)}`;
  }
  return null;
}

/** Why a container that runs as root today must not simply become `uid`: it writes a volume whose files keep their owner (unownedWritableMount). */
function unownedConfirm(project: Project, t: PodTemplate, c: ContainerRef, uid: number): string | null {
  const unowned = unownedWritableMount(project, t, c);
  return unowned
    ? `${c.name} mounts the ${unowned}, whose files keep their owner (fsGroup does not apply to it), so whether uid ${uid} may use them is not known: check who owns them (ls -ln on the server or node), then confirm the uid.`
    : null;
}

/** Ports a container declares, else the image's default ones. */
function listenedPorts(c: ContainerRef, profile: ImageProfile | null): number[] {
  const declared = (Array.isArray(c.value.ports) ? c.value.ports : []).map((p) => Number(asRecord(p).containerPort)).filter((n) => Number.isInteger(n) && n > 0);
  return declared.length > 0 ? declared : (profile?.ports?.listens ?? []);
}

const NGINX_SCRATCH = ['/var/cache/nginx', '/var/run', '/tmp'];

/**
 * The user a container can run as (see the module comment). `param` gives the `uid`/`gid`
 * parameters (the uid an image that runs the repository's command as root gets).
 */
export function runDecision(project: Project, t: PodTemplate, c: ContainerRef, param: (name: string) => string): RunDecision {
  const facts = imageFacts(project, t, c);
  const name = facts.image ? imageBaseName(facts.image) : c.name;
  const root = rootCommand(c);
  if (root) {
    return {
      kind: 'root',
      runs: `runs ${root}, which only root can do`,
      certainty: 'known',
      why: `its command runs ${root}, which only root can do`,
      advice: `Move the ${root} step out of the container (an fsGroup makes volumes writable for the pod's group; node settings belong to the node), or keep this container as root and accept the Baseline level for the pod.`,
    };
  }
  if (facts.dockerfile) {
    const own = dockerfileRunAs(facts.dockerfile) ?? plannedRunAs(facts.dockerfile, param);
    if (own) {
      const already = dockerfileRunAs(facts.dockerfile) !== null;
      const today = already ? `runs as ${own.uid} (${own.source})` : `runs as root until ${facts.dockerfile.path} gets the USER D101 gives it (${own.uid})`;
      const confirm = already ? null : unownedConfirm(project, t, c, own.uid);
      return {kind: 'uid', runs: today, uid: own.uid, gid: own.gid, certainty: 'known', source: own.source, scratch: [], fromParam: false, ...(confirm ? {confirm} : {})};
    }
    // D101 cannot give the Dockerfile a user: what it starts, else what its base image does, decides.
    const stage = finalStage(facts.dockerfile.dockerfile);
    const caveat = stage ? commandCaveat(facts.dockerfile, stage) : null;
    if (caveat && !(facts.profile?.id === 'nginx')) return {kind: 'root', runs: `runs as root (${facts.dockerfile.path})`, certainty: 'known', why: `what ${facts.dockerfile.path} starts needs root`, advice: caveat};
    if (!facts.profile) {
      return {
        kind: 'not-known',
        runs: `runs as root (${facts.dockerfile.path} has no USER)`,
        why: `${facts.dockerfile.path} builds ${name}, its final stage runs as root, and D101 cannot choose a user for it (see D101's finding there)`,
        howToCheck: `Give ${facts.dockerfile.path} a numeric USER first (D101), or check what the image runs as with \`docker image inspect --format '{{.Config.User}}' ${facts.image}\`.`,
      };
    }
  }
  const profile = facts.profile;
  if (!profile || !profile.runAs) {
    const lookup = facts.lookup;
    const why =
      lookup && lookup.certainty === 'not-known'
        ? lookup.why === 'unresolved-variable'
          ? `its image ${facts.image} names variables without a value (${lookup.unresolved.join(', ')})`
          : `shipshape has no profile of ${facts.image || 'its image'}, so the user it runs as and the paths it writes are not known`
        : `the profile of ${profile?.title ?? facts.image} does not say which user it runs as`;
    return {kind: 'not-known', runs: 'may run as root: not known', why, howToCheck: lookup && lookup.certainty === 'not-known' ? lookup.howToCheck : `Check what it runs as with \`docker image inspect --format '{{.Config.User}}' ${facts.image}\`.`};
  }
  const certainty: Certainty = facts.dockerfile ? 'inferred' : facts.certainty;
  const runAs = profile.runAs;
  // Pid files, sockets, caches: an emptyDir each. Config it writes into the image (writes.config) is not among them: an emptyDir would hide the files.
  const scratch = [...(profile.writes?.scratch ?? [])];
  switch (runAs.mode) {
    case 'non-root': {
      const {uid, gid} = runAs.user;
      if (uid === null) {
        return {kind: 'not-known', runs: `runs as its own user ${runAs.user.name ?? ''}, whose uid is not known`, why: `${profile.title} runs as its own user ${runAs.user.name ?? ''} but its uid is not known, and runAsNonRoot needs a number to verify`, howToCheck: `Find the uid with \`docker run --rm --entrypoint id ${facts.image}\`.`};
      }
      const user = `${runAs.user.name ?? uid} (${uid})`;
      return {kind: 'uid', runs: `runs as its own user ${user}, but nothing has the kubelet verify that it is not root`, uid, gid: gid ?? uid, certainty, source: `${profile.title} runs as its own user ${user}`, scratch: [], fromParam: false};
    }
    case 'steps-down': {
      const {uid, gid} = runAs.user;
      if (runAs.acceptsOwnUser === true && uid !== null) {
        return {kind: 'uid', runs: `starts as root and switches to ${runAs.user.name ?? uid} (${uid}) itself`, uid, gid: gid ?? uid, certainty, source: `${profile.title} starts as root and switches to ${runAs.user.name ?? uid} (${uid}) itself; it also runs as that uid from the start, with fsGroup making its volume writable`, scratch: [], fromParam: false};
      }
      const via = runAs.via === 's6-overlay' ? 's6-overlay' : runAs.via;
      const advice = runAs.userEnv
        ? `Keep it as it is: choose the user it switches to with ${runAs.userEnv.uid}/${runAs.userEnv.gid}. It cannot meet the Restricted standard; run it in a namespace enforcing Baseline.`
        : `Keep it as it is: it must start as root to prepare its files before it switches. It cannot meet the Restricted standard; run it in a namespace enforcing Baseline.`;
      return {kind: 'root', runs: `starts as root and switches to its own user itself`, certainty, why: `${profile.title}: it starts as root and switches to its own user with ${via}${runAs.acceptsOwnUser === false ? ', and it does not run when started as that user' : uid === null ? ', and that user\'s uid is not known' : ', and whether it runs when started as that user is not known'}`, advice};
    }
    case 'root': {
      if (profile.id === 'nginx' && runAs.workers?.uid != null) {
        const low = listenedPorts(c, profile).filter((p) => p < 1024);
        // The API server refuses net.* sysctls on a pod in the node's network namespace.
        if (t.specValue.hostNetwork === true && low.length > 0) {
          return {
            kind: 'root',
            runs: `runs as root to bind port ${Math.min(...low)} on the node's network (hostNetwork)`,
            certainty,
            why: `it binds port ${Math.min(...low)} on the node's network (hostNetwork), where the unprivileged-port sysctl cannot be set`,
            advice: 'Drop hostNetwork and publish it through a Service (then it runs as uid 101 with the net.ipv4.ip_unprivileged_port_start sysctl), or have it listen on a port above 1023.',
          };
        }
        const confirm = unownedConfirm(project, t, c, runAs.workers.uid);
        return {
          kind: 'nginx',
          runs: `runs as root to bind port ${Math.min(...listenedPorts(c, profile), 80)} (nginx hands requests to its workers, uid ${runAs.workers.uid})`,
          uid: runAs.workers.uid,
          gid: runAs.workers.gid ?? runAs.workers.uid,
          certainty,
          source: runAs.source,
          ports: listenedPorts(c, profile),
          scratch: NGINX_SCRATCH,
          ...(confirm ? {confirm} : {}),
        };
      }
      if (profile.caveat) return {kind: 'root', runs: 'runs as root', certainty, why: `${profile.title} runs as root on purpose`, advice: profile.caveat};
      if (profile.nodeAgent && nodeAgentOf(t, project)) {
        return {kind: 'root', runs: 'runs as root', certainty, why: `${profile.title} is a node agent that reads the node as root`, advice: 'Keep it as root in a namespace labelled for node agents (enforce: privileged), with its host mounts readOnly where it only reads them.'};
      }
      const installs = installsAtStart(c);
      if (installs) {
        return {
          kind: 'not-known',
          runs: `runs as root (${profile.title} sets no user)`,
          why: `its command runs ${installs} at start, which writes into folders of the image that only root may write, so whether it works as another user is not known`,
          howToCheck: `Move the ${installs} step into the image build (a Dockerfile that ends with a numeric USER), or run the command once as the uid to see that it can write where it installs.`,
        };
      }
      const unowned = unownedWritableMount(project, t, c);
      if (unowned) {
        return {
          kind: 'not-known',
          runs: `runs as root (${profile.title} sets no user)`,
          why: `it writes to the ${unowned}, whose files keep their owner because fsGroup does not apply to it, so whether another uid may write there is not known`,
          howToCheck: `Check who owns the files of that volume (ls -ln on the server or node) and give it a uid that may write them.`,
        };
      }
      const uid = Number(param('uid'));
      const gid = Number(param('gid'));
      return {kind: 'uid', runs: `runs as root (${profile.title} sets no user)`, uid, gid, certainty, source: `${profile.title} runs the command as root with nothing that needs it, so it gets the uid parameter`, scratch, fromParam: true};
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Windows pods and node agents

/**
 * True for a Windows pod: `spec.os.name: windows` (what the API server and the Pod Security
 * Standards go by), or a node selector for Windows nodes (the Linux fields would be ignored there).
 */
export function isWindowsPod(t: PodTemplate): boolean {
  if (asRecord(t.specValue.os).name === 'windows') return true;
  const selector = asRecord(t.specValue.nodeSelector);
  return selector['kubernetes.io/os'] === 'windows' || selector['beta.kubernetes.io/os'] === 'windows';
}

export interface NodeAgent {
  certainty: Certainty;
  /** Why it is taken as a node agent, in plain words. */
  why: string;
  /** The node agent profile, when one matched. */
  profile: ImageProfile | null;
}

/** Host paths a node agent reads (logs, metrics, network plugins, the runtime). */
const NODE_PATHS = /^\/(?:$|proc|sys|dev|var\/log|var\/lib\/docker|var\/lib\/containerd|var\/lib\/kubelet|var\/run|run|etc\/cni|opt\/cni|lib\/modules|etc\/machine-id|boot|usr|host|rootfs|etc)(?:\/|$)/;

const agentCache = new WeakMap<PodTemplate, NodeAgent | null>();

/**
 * A DaemonSet that is a node agent: its image profile says so (node-exporter, log shippers, CNI,
 * monitoring agents), or its shape does (host namespaces or host paths of the node in a pod that
 * runs on every node). Other workloads are never taken as node agents.
 */
export function nodeAgentOf(t: PodTemplate, project: Project): NodeAgent | null {
  if (agentCache.has(t)) return agentCache.get(t)!;
  const found = findNodeAgent(t, project);
  agentCache.set(t, found);
  return found;
}

function findNodeAgent(t: PodTemplate, project: Project): NodeAgent | null {
  if (t.object.kind !== 'DaemonSet') return null;
  for (const c of t.containers) {
    const image = imageOf(c);
    if (!image || dockerfileForImage(project, image, t.object.source.path)) continue;
    const lookup = profileFor(image);
    if (lookup.certainty !== 'not-known' && lookup.profile.nodeAgent) {
      return {certainty: lookup.certainty, why: `its image is ${lookup.profile.title}`, profile: lookup.profile};
    }
  }
  const hosts = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((k) => t.specValue[k] === true);
  const volumes = Array.isArray(t.specValue.volumes) ? t.specValue.volumes.map(asRecord) : [];
  const nodePaths = volumes.map((v) => String(asRecord(v.hostPath).path ?? '')).filter((p) => p && NODE_PATHS.test(p));
  if (hosts.length === 0 && nodePaths.length === 0) return null;
  const what = [...hosts, ...nodePaths.map((p) => `the node's ${p}`)].join(', ');
  return {certainty: 'inferred', why: `a DaemonSet, one pod on every node, that uses ${what}`, profile: null};
}
