/**
 * Runtime options the CIS Docker Benchmark §5 judges, read the same way from a Compose file and from
 * a `docker run` command line (Docker's own parser accepts `:` and `=` after the option name).
 */
import {ALLOWED_SELINUX_TYPES} from './controls.js';

const ALLOWED_TYPES = new Set(ALLOWED_SELINUX_TYPES.filter(Boolean));

/**
 * True for a `security_opt` / `--security-opt` value that weakens SELinux separation:
 * `label:disable`, `label=disable`, a `type` outside the container types, a `user` or a `role`.
 * (`label:level:…` and `label:filetype:…` keep the policy and are fine.)
 */
export function isWeakSelinuxLabel(option: string): boolean {
  const m = /^\s*["']?label\s*[:=]\s*(.*?)["']?\s*$/i.exec(option);
  if (!m) return false;
  const value = m[1]!;
  if (/^disable$/i.test(value)) return true;
  const kv = /^(\w+)\s*[:=]\s*(.*)$/.exec(value);
  if (!kv) return false;
  const [, key, v] = kv;
  if (key === 'type') return !ALLOWED_TYPES.has(v!);
  return key === 'user' || key === 'role';
}

/** True for a seccomp/AppArmor/systempaths option that turns the confinement off, in every spelling. */
export function isUnconfinedOption(option: string): boolean {
  return /^\s*["']?(seccomp|apparmor|systempaths)\s*[:=]\s*["']?unconfined["']?\s*$/i.test(option);
}

/** Ports below this need root (or CAP_NET_BIND_SERVICE) to bind: the privileged ports of CIS Docker 5.8. */
export const FIRST_UNPRIVILEGED_PORT = 1024;

/** The host port numbers of a published port spec (`80`, `8000-8010`); empty for none or a variable. */
export function hostPortNumbers(published: string | null): number[] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(published?.trim() ?? '');
  if (!m) return [];
  const first = Number(m[1]);
  const last = m[2] ? Number(m[2]) : first;
  return last - first > 1000 ? [first] : Array.from({length: last - first + 1}, (_, i) => first + i);
}
