#!/usr/bin/env node
/**
 * Writes schemas/config.schema.json from the built rule registry and fix parameters (run by
 * `npm run schemas`, which builds first). The report schemas beside it are written by hand; a
 * test validates every output against them and fails when this file is out of date.
 */
import {writeFileSync} from 'node:fs';
import {join, resolve} from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const {configSchema} = await import(join(ROOT, 'dist/core/config-schema.js'));
const {RULES} = await import(join(ROOT, 'dist/rules/registry.js'));
writeFileSync(join(ROOT, 'schemas/config.schema.json'), `${JSON.stringify(configSchema(RULES), null, 2)}\n`);
