import {describe, expect, it} from 'vitest';
import {FLOATING_TAGS, floatingTag, validPinnedTag} from '../../src/knowledge/floating-tags.js';

describe('floating tags', () => {
  it.each(['latest', 'LATEST', 'main', 'master', 'develop', 'dev', 'edge', 'nightly', 'stable', 'unstable', 'rolling', 'lts', 'stable-alpine', 'lts-slim', 'latest-alpine3.20', 'mainline-alpine-slim'])('%s floats', (tag) => {
    expect(floatingTag(tag)).not.toBeNull();
  });

  it.each(['1.27', '16-bookworm', '3.12-slim', 'main-4f2a9c1', 'nightly-20240601', 'v2.1.0', 'sha-4f2a9c1', 'bookworm', 'latest-4f2a9c1', '', null, undefined])('%s is pinned (or not a floating name)', (tag) => {
    expect(floatingTag(tag)).toBeNull();
  });

  it('names a source and a meaning for every tag, once each', () => {
    for (const t of FLOATING_TAGS) {
      expect(t.source, t.tag).toMatch(/^https:\/\//);
      expect(t.means, t.tag).not.toBe('');
      expect(t.tag).toBe(t.tag.toLowerCase());
    }
    expect(new Set(FLOATING_TAGS.map((t) => t.tag)).size).toBe(FLOATING_TAGS.length);
  });

  it('refuses a floating replacement tag with the reason', () => {
    expect(validPinnedTag('1.27')).toBeNull();
    expect(validPinnedTag('nightly')).toMatch(/last night/);
    expect(validPinnedTag('bad tag')).toMatch(/a tag such as/);
  });
});
