/**
 * Base images a Dockerfile builds `FROM`: OS and language images, and the families whose runtime
 * variants already run as a non-root user (distroless, Chainguard, Docker Hardened Images, .NET).
 * The package manager and user tools of each are in ../images.ts (imageFamily).
 */
import type {ImageProfile} from '../types.js';
import {gh, hubDocs} from './common.js';

/** An official image whose Dockerfiles set no USER (checked across every variant of the repository). */
function rootBase(id: string, title: string, repo: string, extra: Partial<ImageProfile> = {}): ImageProfile {
  return {
    id,
    title,
    category: 'base',
    match: {repos: [id]},
    runAs: {mode: 'root', source: `no USER in the Linux Dockerfiles of https://github.com/${repo}`},
    sources: [`https://github.com/${repo}`, hubDocs(id)],
    ...extra,
  };
}

const JVM_ENV = {
  class: 'jvm' as const,
  heapEnv: ['JAVA_TOOL_OPTIONS', 'JDK_JAVA_OPTIONS'],
  source: 'JAVA_TOOL_OPTIONS (read by every JVM) and JDK_JAVA_OPTIONS (read by the java launcher): https://docs.oracle.com/en/java/javase/21/docs/specs/man/java.html',
};

export const node = rootBase('node', 'Node.js (official image)', 'nodejs/docker-node', {
  ships: [{uid: 1000, gid: 1000, name: 'node'}],
  sources: [gh('nodejs/docker-node', '22/bookworm/Dockerfile'), gh('nodejs/docker-node', 'docs/BestPractices.md')],
  runAs: {mode: 'root', source: `no USER, but groupadd --gid 1000 node / useradd --uid 1000 node in ${gh('nodejs/docker-node', '22/bookworm/Dockerfile')} (alpine: addgroup -g 1000 / adduser -u 1000)`},
});
export const python = rootBase('python', 'Python (official image)', 'docker-library/python');
export const golang = rootBase('golang', 'Go (official image)', 'docker-library/golang');
export const ruby = rootBase('ruby', 'Ruby (official image)', 'docker-library/ruby');
export const openjdk = rootBase('openjdk', 'OpenJDK (deprecated official image)', 'docker-library/openjdk', {resources: JVM_ENV});
export const temurin = rootBase('eclipse-temurin', 'Eclipse Temurin', 'adoptium/containers', {resources: JVM_ENV});
export const debian = rootBase('debian', 'Debian', 'debuerreotype/docker-debian-artifacts');
export const alpine = rootBase('alpine', 'Alpine Linux', 'alpinelinux/docker-alpine');
export const busybox = rootBase('busybox', 'BusyBox', 'docker-library/busybox');
export const ubuntu = rootBase('ubuntu', 'Ubuntu', 'docker-library/official-images', {
  runAs: {mode: 'root', source: 'no USER in the ubuntu base image (https://git.launchpad.net/cloud-images/+oci/ubuntu-base)'},
  sources: [hubDocs('ubuntu')],
  variants: [
    {
      name: '24.04 and later',
      tag: '^(latest|rolling|devel|noble|oracular|plucky|questing|resolute|2[4-9]\\.|[3-9]\\d\\.)',
      // Ubuntu images since 23.04 include user ubuntu (1000): https://bugs.launchpad.net/cloud-images/+bug/2005129,
      // https://github.com/jupyterhub/repo2docker/issues/1346 (24.04).
      set: {existing: [{uid: 1000, gid: 1000, name: 'ubuntu'}]},
    },
  ],
});

const DISTROLESS = 'https://github.com/GoogleContainerTools/distroless';
const NONROOT = {uid: 65532, gid: 65532, name: 'nonroot'};

export const distroless: ImageProfile = {
  id: 'distroless',
  title: 'Google distroless images',
  category: 'base',
  match: {repos: [], families: ['gcr.io/distroless/']},
  runAs: {mode: 'root', source: `${DISTROLESS}#what-images-are-available (the default tags run as root)`},
  ships: [NONROOT],
  variants: [{name: 'nonroot', tag: 'nonroot', set: {runAs: {mode: 'non-root', user: NONROOT, source: `the :nonroot tags run as nonroot (65532): ${DISTROLESS}#debug-images and the README's nonroot tags`}}}],
  sources: [DISTROLESS],
};

const CHAINGUARD = 'https://edu.chainguard.dev/chainguard/chainguard-images/about/images-features/';

export const chainguard: ImageProfile = {
  id: 'chainguard',
  title: 'Chainguard images',
  category: 'base',
  match: {repos: [], families: ['cgr.dev/chainguard/']},
  runAs: {mode: 'non-root', user: NONROOT, source: `runtime images run as nonroot (65532) without a shell: ${CHAINGUARD}`},
  ships: [NONROOT],
  variants: [{name: 'dev', tag: 'dev', set: {runAs: {mode: 'root', source: `-dev variants run as root and include a shell: ${CHAINGUARD}`}}}],
  sources: [CHAINGUARD],
};

const DHI = 'https://docs.docker.com/dhi/core-concepts/';

export const dockerHardened: ImageProfile = {
  id: 'dhi',
  title: 'Docker Hardened Images',
  category: 'base',
  match: {repos: [], families: ['dhi.io/']},
  runAs: {mode: 'non-root', user: NONROOT, source: `runtime variants run as nonroot (65532): ${DHI}`},
  ships: [NONROOT],
  variants: [{name: 'dev or sdk', tag: '(^|-)(dev|sdk)(-|$)', set: {runAs: {mode: 'root', source: `-dev and -sdk variants run as root: ${DHI}`}}}],
  sources: [DHI],
};

const DOTNET_ROOTLESS = 'https://devblogs.microsoft.com/dotnet/securing-containers-with-rootless/';
const APP_1654 = {uid: 1654, gid: 1654, name: 'app'};

export const dotnet: ImageProfile = {
  id: 'dotnet',
  title: '.NET images (mcr.microsoft.com/dotnet)',
  category: 'base',
  match: {repos: [], families: ['mcr.microsoft.com/dotnet/']},
  runAs: {mode: 'root', source: `${DOTNET_ROOTLESS} (images run as root unless a chiseled/distroless variant or USER $APP_UID)`},
  ships: [APP_1654],
  variants: [{name: 'chiseled', tag: 'chiseled|distroless', set: {runAs: {mode: 'non-root', user: APP_1654, source: `chiseled images run as app (1654): ${DOTNET_ROOTLESS}`}}}],
  sources: [DOTNET_ROOTLESS],
};

export const BASES: ImageProfile[] = [node, python, golang, ruby, openjdk, temurin, debian, ubuntu, alpine, busybox, distroless, chainguard, dockerHardened, dotnet];
