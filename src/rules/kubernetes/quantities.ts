/** Kubernetes resource quantities (`500m`, `256Mi`, `1.5`): read, and written back in the usual units. */

const SUFFIX: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** A Kubernetes quantity as a number (`500m` -> 0.5, `256Mi` -> 268435456), or null. */
export function parseQuantity(q: unknown): number | null {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return null;
  const m = /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q.trim());
  if (!m) return null;
  return Number(m[1]) * SUFFIX[m[2] ?? '']!;
}

export function quantityOk(v: string): string | null {
  return parseQuantity(v) !== null && parseQuantity(v)! > 0 ? null : 'a Kubernetes quantity such as 512Mi or 500m';
}

/** CPU cores as a quantity, rounded up to a tenth of a core: 0.75 -> `800m`, 4.35 -> `4.4`, 2 -> `2`. */
export function cpuQuantity(cores: number): string {
  const tenths = Math.ceil(Math.round(cores * 1000) / 100);
  return tenths >= 10 ? String(tenths / 10) : `${tenths * 100}m`;
}

/** Bytes as a quantity, rounded up to 64Mi (to a Gi above 4Gi): `384Mi`, `6Gi`. */
export function memoryQuantity(bytes: number): string {
  const mi = bytes / 2 ** 20;
  if (mi > 4096) return `${Math.ceil(mi / 1024)}Gi`;
  const rounded = Math.max(64, Math.ceil(mi / 64) * 64);
  return rounded % 1024 === 0 ? `${rounded / 1024}Gi` : `${rounded}Mi`;
}
