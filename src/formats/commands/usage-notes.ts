/**
 * Whether a Dockerfile may hold usage notes (`# docker run -d … image`): a comment line naming
 * docker or podman. regions.ts reads commands from no other Dockerfile, so without one the
 * container command-line rules need not even load for it (rules/by-kind.ts).
 */
export function mayHoldUsageNotes(dockerfileText: string): boolean {
  return /^\s*#.*\b(docker|podman)\b/m.test(dockerfileText);
}
