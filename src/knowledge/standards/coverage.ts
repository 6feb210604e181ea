/**
 * Which controls of a standard the rules cover: computed from each rule's `controls` metadata
 * (`cis-docker:5.12`), never written down twice.
 */
import {STANDARDS, type Control, type Standard, type StandardId} from './controls.js';

export interface ControlsOf {
  id: string;
  controls?: readonly string[];
}

export interface ControlCoverage {
  control: Control;
  /** Ids of the rules that implement it, in id order. */
  rules: string[];
}

export interface Coverage {
  standard: Standard;
  /** Controls a repository's files decide, with the rules covering each. */
  inScope: ControlCoverage[];
  covered: number;
  /** Of the covered controls, those the rules cover only partly (their `partly` says how). */
  partial: number;
  /** Controls about the host, daemon, cluster or people, with why. */
  outOfScope: Control[];
}

/** A control reference as rules write it: `pss:restricted/capabilities` -> standard and control id. */
export function parseControlRef(ref: string): {standard: StandardId; id: string} | null {
  const m = /^([a-z0-9-]+):(\S+)$/.exec(ref);
  if (!m) return null;
  const standard = STANDARDS.find((s) => s.id === m[1]);
  return standard ? {standard: standard.id, id: m[2]!} : null;
}

/** The control a reference names, or null when it names none (a rule bug). */
export function controlOf(ref: string): {standard: Standard; control: Control} | null {
  const parsed = parseControlRef(ref);
  if (!parsed) return null;
  const standard = STANDARDS.find((s) => s.id === parsed.standard)!;
  const control = standard.controls.find((c) => c.id === parsed.id);
  return control ? {standard, control} : null;
}

/** Finds a standard by its id or a loose spelling of it (`cis-docker`, `CIS Docker`, `pss`). */
export function findStandard(query: string): Standard | undefined {
  const q = query.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const aliases: Record<string, StandardId> = {
    'pod-security-standards': 'pss', 'pod-security': 'pss', psa: 'pss',
    docker: 'cis-docker', 'cis-docker-benchmark': 'cis-docker',
    'nsa-cisa': 'nsa', cisa: 'nsa',
    kubernetes: 'cis-k8s', 'cis-kubernetes': 'cis-k8s', 'cis-kubernetes-benchmark': 'cis-k8s', k8s: 'cis-k8s',
  };
  return STANDARDS.find((s) => s.id === q || s.id === aliases[q]);
}

export function coverage(standard: Standard, rules: readonly ControlsOf[]): Coverage {
  const byControl = new Map<string, string[]>();
  for (const rule of rules) {
    for (const ref of rule.controls ?? []) {
      const parsed = parseControlRef(ref);
      if (parsed?.standard !== standard.id) continue;
      (byControl.get(parsed.id) ?? byControl.set(parsed.id, []).get(parsed.id)!).push(rule.id);
    }
  }
  const inScope = standard.controls
    .filter((c) => c.scope === 'config')
    .map((control) => ({control, rules: [...new Set(byControl.get(control.id) ?? [])].sort()}));
  return {
    standard,
    inScope,
    covered: inScope.filter((c) => c.rules.length > 0).length,
    partial: inScope.filter((c) => c.rules.length > 0 && c.control.partly).length,
    outOfScope: standard.controls.filter((c) => c.scope === 'out'),
  };
}

/** Control references of a rule that name no control of any standard. */
export function unknownControls(rule: ControlsOf): string[] {
  return (rule.controls ?? []).filter((ref) => controlOf(ref) === null);
}
