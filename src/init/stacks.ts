/**
 * The stacks `shipshape init` writes a service for: their build and runtime images, the port they
 * listen on, how the running container can be probed, and what they need to run.
 *
 * Image tags (late 2026): Node.js 24 LTS and Python 3.13 on Debian 13 "trixie" slim, Go 1.25 on
 * distroless static-debian13, Eclipse Temurin 21 LTS JRE on Ubuntu 24.04 "noble" (its image ships curl
 * and wget: adoptium/containers 21/jre/ubuntu/noble/Dockerfile), nginx 1.30 stable as
 * nginxinc/nginx-unprivileged (uid 101, listens on 8080, pid and temp files under /tmp; Debian
 * variant ships curl). The user each runtime image runs as is not listed here: it comes from the
 * same knowledge D101 uses (src/knowledge/images.ts), so a generated Dockerfile never disagrees
 * with what `shipshape check` expects.
 */
import {imageFamily, knownUser, numericOnly, userCreationCommands, type ImageFamily} from '../knowledge/images.js';

export const STACK_IDS = ['node', 'python', 'go', 'java', 'static'] as const;
export type StackId = (typeof STACK_IDS)[number];

export interface Resources {
  /** Kubernetes quantities; Compose gets the same amounts (`Mi` -> `M`). */
  cpuRequest: string;
  cpuLimit: string;
  memoryRequestMi: number;
  memoryLimitMi: number;
  /** Compose `pids` limit. */
  pids: number;
}

export interface Stack {
  id: StackId;
  title: string;
  /** What the service folder needs for the Dockerfile to build, in plain words. */
  needs: string;
  buildImage: string;
  runtimeImage: string;
  defaultPort: number;
  /**
   * The health probe, run inside the container (exec form, `{{port}}` filled in later), or null
   * where the runtime image has nothing to probe with (distroless: no shell, no HTTP client).
   */
  healthcheck: readonly string[] | null;
  resources: Resources;
}

/** DESIGN §3 defaults: 256Mi request / 512Mi limit, 500m / 1 CPU, 100 pids. */
const DEFAULT_RESOURCES: Resources = {cpuRequest: '500m', cpuLimit: '1', memoryRequestMi: 256, memoryLimitMi: 512, pids: 100};

const curl = (port: string) => ['curl', '-fsS', '-o', '/dev/null', '--max-time', '2', `http://127.0.0.1:${port}/healthz`];

export const STACKS: Readonly<Record<StackId, Stack>> = {
  node: {
    id: 'node',
    title: 'Node.js',
    needs: 'package.json and package-lock.json; the server in server.js',
    buildImage: 'node:24-trixie-slim',
    runtimeImage: 'node:24-trixie-slim',
    defaultPort: 3000,
    healthcheck: ['node', '-e', "fetch('http://127.0.0.1:{{port}}/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"],
    resources: DEFAULT_RESOURCES,
  },
  python: {
    id: 'python',
    title: 'Python',
    needs: 'requirements.txt; the package `app` (python -m app)',
    buildImage: 'python:3.13-slim-trixie',
    runtimeImage: 'python:3.13-slim-trixie',
    defaultPort: 8000,
    healthcheck: ['python', '-c', "import urllib.request; urllib.request.urlopen('http://127.0.0.1:{{port}}/healthz', timeout=2)"],
    resources: DEFAULT_RESOURCES,
  },
  go: {
    id: 'go',
    title: 'Go',
    needs: 'go.mod and go.sum; the main package at the root of the folder',
    buildImage: 'golang:1.25-trixie',
    runtimeImage: 'gcr.io/distroless/static-debian13:nonroot',
    defaultPort: 8080,
    healthcheck: null,
    resources: DEFAULT_RESOURCES,
  },
  java: {
    id: 'java',
    title: 'Java (Maven)',
    needs: 'pom.xml building one runnable jar (Spring Boot or a shaded jar)',
    buildImage: 'maven:3.9-eclipse-temurin-21',
    runtimeImage: 'eclipse-temurin:21-jre-noble',
    defaultPort: 8080,
    healthcheck: curl('{{port}}'),
    // A JVM needs more memory, and a servlet container runs up to 200 request threads (Tomcat's default).
    resources: {cpuRequest: '500m', cpuLimit: '2', memoryRequestMi: 512, memoryLimitMi: 1024, pids: 400},
  },
  static: {
    id: 'static',
    title: 'Static site (nginx)',
    needs: 'package.json with a `build` script that writes the site to dist/',
    buildImage: 'node:24-trixie-slim',
    runtimeImage: 'nginxinc/nginx-unprivileged:1.30-trixie',
    defaultPort: 8080,
    healthcheck: curl('{{port}}'),
    resources: {cpuRequest: '100m', cpuLimit: '500m', memoryRequestMi: 64, memoryLimitMi: 128, pids: 100},
  },
};

export interface StackUser {
  uid: number;
  gid: number;
  /** The image's own user (node, nginx, nonroot), or null when the Dockerfile creates `app`. */
  imageUser: string | null;
  /** The RUN that creates the user with the distro's own tools, or null when the image has one. */
  create: string | null;
  family: ImageFamily;
}

/** UID/GID of the user the Dockerfile creates where the image has none (DESIGN §3). */
export const APP_ID = 10001;

/**
 * The user the final image runs as, numerically: the runtime image's own non-root user where it
 * ships one (node 1000, nginx 101, distroless nonroot 65532), else `app` 10001 created with the
 * family's tools (the commands D101's fix writes).
 */
export function stackUser(stack: Stack): StackUser {
  const family = imageFamily(stack.runtimeImage);
  const own = knownUser(stack.runtimeImage);
  if (own && own.uid > 0) return {uid: own.uid, gid: own.gid, imageUser: own.name, create: null, family};
  if (numericOnly(family)) return {uid: APP_ID, gid: APP_ID, imageUser: null, create: null, family};
  const commands = userCreationCommands(family, {name: 'app', uid: String(APP_ID), gid: String(APP_ID)});
  if (!commands) throw new Error(`${stack.runtimeImage}: no known way to create a user in a ${family} image`);
  return {uid: APP_ID, gid: APP_ID, imageUser: null, create: `RUN ${commands.join(' \\\n    && ')}`, family};
}
