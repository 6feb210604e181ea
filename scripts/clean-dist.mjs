#!/usr/bin/env node
/**
 * Empties dist/ before a build, so a file whose source was renamed or deleted (or a source map of
 * an older build) never lingers there and ends up in the package.
 */
import {rmSync} from 'node:fs';
import {resolve} from 'node:path';

rmSync(resolve(import.meta.dirname, '../dist'), {recursive: true, force: true});
