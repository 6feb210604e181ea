/**
 * Runs every Compose rule's fix (unsafe included, parameter defaults, plus the needs-input fixes
 * with their values given) over the corpus in fixtures/compose/: the battery (re-parse,
 * fixpoint, idempotence, minimal edits), Compose schema validation, and comment preservation.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import type {Kind} from '../../src/core/model.js';
import {composeRules} from '../../src/rules/compose/index.js';
import {runBattery} from '../helpers/battery.js';
import {composeSchemaErrors} from '../helpers/compose-schema.js';
import {commentsLost} from './comments.js';

const DIR = join(import.meta.dirname, '../../fixtures/compose');
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const only = new Set(composeRules.map((r) => r.id));
const kindOf = (path: string): Kind | null => (/\.ya?ml$/.test(path) && !path.includes('secrets/') ? 'compose' : null);

describe('compose corpus', () => {
  it('has at least 25 files', () => expect(files.length).toBeGreaterThanOrEqual(25));

  describe.each(files)('%s', (file) => {
    const text = readFileSync(join(DIR, file), 'utf8');
    it('is valid Compose before', () => expect(composeSchemaErrors(text)).toEqual([]));
    // With input: the values only a person gives (a tag, a healthcheck) or confirms (a user, writable paths, caps, limits).
    const input = {tag: '1.0.0', healthcheck: 'true', runAs: '10001:10001', writablePaths: '/tmp', keepCaps: 'none', memory: '512M', pidsLimit: '100', confirm: 'yes'};
    for (const params of [{}, input] as Array<Record<string, string>>) {
      it(`fixes to a valid, commented, converged file (${Object.keys(params).length ? 'with input' : 'defaults'})`, () => {
        const result = runBattery([{path: file, kind: 'compose', text}], {only, params}, {kindOf});
        const after = result.files.find((f) => f.path === file)?.after ?? text;
        expect(composeSchemaErrors(after), after).toEqual([]);
        expect(commentsLost(text, after, result.applied.flatMap((a) => a.edits).filter((e) => e.file === file))).toEqual([]);
        // A secret file is readable by the container's user (Compose mounts it as it is); its folder is private.
        for (const f of result.files) if (f.path.includes('/secrets/') || f.path.startsWith('secrets/')) expect([f.mode, f.dirMode]).toEqual([0o644, 0o700]);
        // A secret kept in the environment moves to a .env that only its owner reads.
        for (const f of result.files) if (f.path === '.env' && !f.existed) expect(f.mode).toBe(0o600);
      });
    }
  });
});
