/**
 * The one container storage and base image the end-to-end tests that build or start containers
 * share (scripts/prepare-test-base.sh): where it is, the environment that points podman and
 * buildah at it, what is missing to use it here, and preparing it (a no-op once it is there).
 */
import {execFile, spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {userInfo} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';

const REPO = join(import.meta.dirname, '../..');
// The home directory from the passwd entry, not $HOME: other test files may point HOME at a temp dir.
export const CACHE = process.env.SHIPSHAPE_BUILDAH_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(userInfo().homedir, '.cache'), 'shipshape-test');
const DIR = join(CACHE, 'containers');
const PATH = `${process.env.PATH ?? ''}:/usr/sbin:/sbin`;

/** podman and buildah on the shared storage. */
export const CONTAINER_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  PATH,
  SHIPSHAPE_BUILDAH_CACHE: CACHE,
  CONTAINERS_CONF: join(DIR, 'containers.conf'),
  CONTAINERS_STORAGE_CONF: join(DIR, 'storage.conf'),
  BUILDAH_ISOLATION: 'chroot',
};

export function has(tool: string, args = ['--version']): boolean {
  return spawnSync(tool, args, {env: {...process.env, PATH}, stdio: 'ignore'}).status === 0 || existsSync(`/usr/sbin/${tool}`);
}

/** What this machine lacks to build images on the shared base (empty when nothing). */
export function missingForBuilds(): string[] {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return [!isRoot && 'root', !has('buildah') && 'buildah', !has('mmdebstrap') && 'mmdebstrap'].filter((x): x is string => Boolean(x));
}

/** Makes the shared storage and base once per machine; throws with the script's output when it cannot. */
export async function prepareTestBase(): Promise<void> {
  try {
    await promisify(execFile)('sh', [join(REPO, 'scripts/prepare-test-base.sh')], {env: CONTAINER_ENV, timeout: 900_000, maxBuffer: 16 * 1024 * 1024});
  } catch (error) {
    const e = error as {stdout?: string; stderr?: string; message: string};
    throw new Error(`scripts/prepare-test-base.sh failed:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`);
  }
}
