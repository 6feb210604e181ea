/**
 * How much memory a JVM needs, from the heap a service declares.
 *
 *   heapOf('-Xms512m -Xmx1g -XX:+UseG1GC')   -> 1073741824 (bytes)
 *   jvmMemoryLimit(1 GiB)                   -> 1664 MiB: heap + 10% of heap + 512 MiB, rounded up to 64 MiB
 *   jvmMemoryLimit(512 MiB, 0.5)            -> 1088 MiB: at least heap / share (Elasticsearch), never below the formula
 *
 * The formula: a JVM uses the heap plus memory outside it — the code cache (240 MiB reserved by
 * default), a stack per thread (1 MiB each; the Cloud Foundry/Paketo memory calculator assumes
 * 250 threads for a web app), metaspace for the loaded classes, direct buffers and the garbage
 * collector's own structures, which grow with the heap (about 10% of it). 512 MiB covers the fixed
 * part for a typical service; OpenJ9 reserves the same 512 MiB outside the heap for containers of
 * 1–2 GiB. A limit set to the heap alone gets the container OOM-killed as soon as the heap fills.
 * Sources:
 * - https://github.com/cloudfoundry/java-buildpack-memory-calculator (code cache 240M, thread stacks, metaspace from the class count)
 * - https://github.com/cloudfoundry/java-buildpack/issues/583 (GC overhead about 11% of the heap)
 * - https://eclipse.dev/openj9/docs/xxusecontainersupport/ (1–2 GB containers: heap = limit - 512 MB)
 * - https://docs.oracle.com/en/java/javase/21/docs/specs/man/java.html (-Xmx, -XX:MaxHeapSize; MaxRAMPercentage defaults to 25)
 */

const MIB = 1024 * 1024;
const UNITS: Record<string, number> = {'': 1, k: 1024, m: MIB, g: 1024 * MIB, t: 1024 * 1024 * MIB};

/** Bytes of a JVM/Compose size (`512m`, `1G`, `1536M`, `2g`, `1073741824`), or null. */
export function parseSize(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(text.trim());
  if (!m) return null;
  return Math.round(Number(m[1]) * UNITS[m[2]!.toLowerCase()]!);
}

/** Why a value is no memory size (for a fix parameter), or null when it is one above 0. */
export function isSize(value: string): string | null {
  const bytes = parseSize(value);
  return bytes !== null && bytes > 0 ? null : 'a size such as 512M or 2G';
}

/** The maximum heap a set of JVM options declares (`-Xmx`, `-XX:MaxHeapSize=`; the last one wins, as in the JVM), or null. */
export function heapOf(options: string): number | null {
  let heap: number | null = null;
  for (const m of options.matchAll(/(?:^|\s|["',[])-(?:Xmx|XX:MaxHeapSize=)(\d+[kKmMgGtT]?)(?=$|[\s"',\]])/g)) heap = parseSize(m[1]!);
  return heap;
}

/** 512 MiB outside the heap: code cache, thread stacks, metaspace, direct buffers (see the module comment). */
export const NON_HEAP_BYTES = 512 * MIB;
/** The garbage collector's structures, as a share of the heap. */
export const GC_SHARE = 0.1;

/** The memory limit for a JVM with this heap (bytes in, MiB out, rounded up to 64 MiB); `heapShare` is the most of the limit the heap should take. */
export function jvmMemoryLimit(heapBytes: number, heapShare?: number): number {
  const formula = heapBytes * (1 + GC_SHARE) + NON_HEAP_BYTES;
  const byShare = heapShare ? heapBytes / heapShare : 0;
  return Math.ceil(Math.max(formula, byShare) / (64 * MIB)) * 64;
}

/** A size in MiB as Compose writes it: `1G` when whole gibibytes, else `1664M`. */
export function composeSize(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024}G` : `${mib}M`;
}

/** A size in bytes in words: `1G`, `512M`. */
export function sizeWords(bytes: number): string {
  return composeSize(Math.round(bytes / MIB));
}
