/**
 * Image tags that name a branch, a channel or a release track instead of a version: the publisher
 * moves them on every push, so the same file pulls different code from one day to the next.
 * D104 (Dockerfile FROM), C215 (Compose image:) and K311 (Kubernetes image) read this one list.
 *
 *   floatingTag('nightly')        -> {tag: 'nightly', means: …, source: …}
 *   floatingTag('stable-alpine')  -> the `stable` entry (a channel with a variant suffix)
 *   floatingTag('main-4f2a9c1')   -> null (a commit build is pinned)
 *   floatingTag('1.27-alpine')    -> null
 *
 * A version tag such as `16` or `3.12` also moves within its line (patch releases); that is the
 * accepted way to follow security fixes and is not reported. Names are compared lower-case.
 */

export interface FloatingTag {
  tag: string;
  /** What the tag follows, in the words a finding uses. */
  means: string;
  source: string;
}

// docker/metadata-action, the tagging step most GitHub workflows use: type=ref,event=branch tags
// the branch name, type=edge tags the default branch `edge`, type=schedule tags `nightly`.
const BRANCH = 'https://github.com/docker/metadata-action#typeref (event=branch: the branch name)';
const EDGE = 'https://github.com/docker/metadata-action#typeedge';
const SCHEDULE = 'https://github.com/docker/metadata-action#typeschedule';

export const FLOATING_TAGS: readonly FloatingTag[] = [
  {tag: 'latest', means: 'whatever the publisher pushed last without a tag', source: 'https://docs.docker.com/reference/cli/docker/image/tag/ (the default tag)'},
  // Branch builds: CI pushes an image per branch on every commit.
  {tag: 'master', means: 'the head of the master branch, rebuilt on every commit', source: BRANCH},
  {tag: 'main', means: 'the head of the main branch, rebuilt on every commit', source: BRANCH},
  {tag: 'trunk', means: 'the head of the trunk branch, rebuilt on every commit', source: BRANCH},
  {tag: 'develop', means: 'the head of the develop branch, rebuilt on every commit', source: BRANCH},
  {tag: 'development', means: 'the head of the development branch, rebuilt on every commit', source: BRANCH},
  {tag: 'dev', means: 'the current development build', source: BRANCH},
  {tag: 'head', means: 'the newest commit', source: BRANCH},
  {tag: 'edge', means: 'the newest build of the default branch (alpine:edge is Alpine\'s development branch)', source: `${EDGE}; https://hub.docker.com/_/alpine`},
  {tag: 'nightly', means: 'last night\'s build', source: SCHEDULE},
  // Release tracks of official images: each moves to the next release when it comes out.
  {tag: 'stable', means: 'the current stable release, which jumps to the next one when it ships (nginx:stable 1.26 → 1.28, debian:stable bookworm → trixie)', source: 'https://hub.docker.com/_/nginx; https://hub.docker.com/_/debian'},
  {tag: 'mainline', means: 'the newest mainline release', source: 'https://hub.docker.com/_/nginx'},
  {tag: 'testing', means: 'Debian\'s testing suite, which changes every day', source: 'https://hub.docker.com/_/debian'},
  {tag: 'unstable', means: 'Debian\'s unstable suite (sid), which changes every day', source: 'https://hub.docker.com/_/debian'},
  {tag: 'sid', means: 'Debian\'s unstable suite, which changes every day', source: 'https://hub.docker.com/_/debian'},
  {tag: 'rolling', means: 'the newest Ubuntu release, which moves every six months', source: 'https://hub.docker.com/_/ubuntu'},
  {tag: 'devel', means: 'the Ubuntu release in development', source: 'https://hub.docker.com/_/ubuntu'},
  {tag: 'lts', means: 'the current long-term-support line, which moves to the next major version', source: 'https://hub.docker.com/_/node; https://hub.docker.com/r/jenkins/jenkins'},
  {tag: 'current', means: 'the newest major release line', source: 'https://hub.docker.com/_/node'},
];

const BY_TAG = new Map(FLOATING_TAGS.map((t) => [t.tag, t]));

/**
 * A variant suffix after a floating tag keeps it floating (`stable-alpine`, `lts-slim`,
 * `latest-alpine3.20`): words of letters, or an OS name with its version. A commit or date suffix
 * (`main-4f2a9c1`, `nightly-20240601`) pins a build and is not one.
 */
const VARIANT = /^(?:[a-z]+|(?:alpine|ubi|ubuntu|debian|bookworm|bullseye|jammy|noble)[\d.]+)$/;

/** The floating tag an image tag is, or null for a version, commit or date tag. */
export function floatingTag(tag: string | null | undefined): FloatingTag | null {
  if (!tag) return null;
  const [first = '', ...rest] = tag.toLowerCase().split('-');
  const entry = BY_TAG.get(first);
  if (!entry) return null;
  return rest.every((word) => VARIANT.test(word)) ? entry : null;
}

/** A parameter check for a replacement tag: a valid tag that does not float. */
export function validPinnedTag(value: string): string | null {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(value)) return 'a tag such as 1.27 or 7.4-alpine';
  const floating = floatingTag(value);
  return floating ? `${value} follows ${floating.means}: give a version such as 1.27 or 7.4-alpine` : null;
}
