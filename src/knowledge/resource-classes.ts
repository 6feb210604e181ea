/**
 * Limits by resource class (an image profile's `resources.class`): what a memory and a process
 * limit should start from when the service declares nothing more precise (a JVM heap: see
 * jvm-memory.ts). `default` means the configured default (`memory`/`pidsLimit`, DESIGN §3) fits;
 * `ask` that nothing tells, so the default is only a guess a person confirms; `none` (pids) that a
 * small limit stops the service, so no limit is written.
 */
import type {ResourceClass} from './profiles/types.js';

export interface ClassLimits {
  /** A memory limit in MiB, the configured default, or a guess to confirm. */
  memory: number | 'default' | 'ask';
  /** Why that memory limit, in plain words (shown in the finding). */
  memoryWhy: string;
  /** A process limit, the configured default, none at all, or a guess to confirm. */
  pids: number | 'default' | 'none' | 'ask';
  /** Why that process limit. */
  pidsWhy: string;
}

const FEW_THREADS = 'it runs few processes and threads';

export const CLASS_LIMITS: Readonly<Record<ResourceClass, ClassLimits>> = {
  jvm: {
    memory: 1024,
    memoryWhy:
      'a JVM without a declared heap takes a quarter of its limit as heap (MaxRAMPercentage 25, https://docs.oracle.com/en/java/javase/21/docs/specs/man/java.html), so 1G leaves it 256M of heap and 768M for the rest',
    pids: 'none',
    pidsWhy: 'a JVM runs a thread per request, GC and JIT thread, and each counts against a pids limit',
  },
  database: {
    memory: 1024,
    memoryWhy:
      'with default settings a database uses more than 512M under load (PostgreSQL: shared_buffers 128MB plus work_mem 4MB for each of 100 connections, https://www.postgresql.org/docs/current/runtime-config-resource.html; MySQL: innodb_buffer_pool_size 128M plus per-connection buffers)',
    pids: 'none',
    pidsWhy: 'PostgreSQL runs a process and MySQL a thread per connection (max_connections 100 and 151), so a pids limit of 100 refuses connections',
  },
  search: {memory: 2048, memoryWhy: 'a search engine keeps its heap at half the limit and the rest for the file system cache', pids: 'none', pidsWhy: 'it sizes its thread pools by the number of CPUs'},
  queue: {memory: 'default', memoryWhy: 'a broker keeps its own memory below a share of its limit', pids: 'none', pidsWhy: 'a broker sizes its thread pools (Erlang schedulers, JVM threads) by the number of CPUs'},
  proxy: {
    memory: 'default',
    memoryWhy: 'a proxy holds little beyond its buffers',
    pids: 1024,
    pidsWhy: 'a proxy starts a worker process or thread per CPU (nginx worker_processes auto, HAProxy nbthread, Envoy --concurrency), more than 100 on a large host',
  },
  cache: {memory: 'ask', memoryWhy: 'a cache grows with what it holds unless its own memory cap (Redis maxmemory, memcached -m) is set below the limit', pids: 'default', pidsWhy: FEW_THREADS},
  small: {memory: 'default', memoryWhy: 'a small service', pids: 'default', pidsWhy: FEW_THREADS},
  agent: {memory: 'default', memoryWhy: 'a node agent that keeps little in memory', pids: 'default', pidsWhy: FEW_THREADS},
  app: {memory: 'ask', memoryWhy: 'what an application needs depends on how it is used', pids: 'ask', pidsWhy: 'how many processes an application starts depends on how it is configured'},
};
