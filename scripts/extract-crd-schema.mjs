#!/usr/bin/env node
/**
 * Extracts one version's openAPIV3Schema from a CustomResourceDefinition YAML file, as JSON without
 * the `description` texts (they make up most of the size and validate nothing). Used to vendor the
 * Kyverno and Gatekeeper schemas the init tests validate against (test/init/schemas/README.md).
 *
 *   node scripts/extract-crd-schema.mjs CRD.yaml VERSION [PROPERTY_PATH] > schema.json
 *
 * PROPERTY_PATH (dot-separated, optional) picks a sub-schema under `properties`, e.g.
 * `embeddedMatch` for Gatekeeper's match schema.
 */
import {readFileSync} from 'node:fs';
import {parse} from 'yaml';

const [file, version, path] = process.argv.slice(2);
if (!file || !version) {
  console.error('usage: extract-crd-schema.mjs CRD.yaml VERSION [PROPERTY_PATH]');
  process.exit(2);
}
const crd = parse(readFileSync(file, 'utf8'));
const found = crd.spec.versions.find((v) => v.name === version);
if (!found) {
  console.error(`${file}: no version ${version}`);
  process.exit(2);
}
let schema = found.schema.openAPIV3Schema;
for (const key of path ? path.split('.') : []) schema = schema.properties[key];

const strip = (node) => {
  if (Array.isArray(node)) return node.map(strip);
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).filter(([k, v]) => !(k === 'description' && typeof v === 'string')).map(([k, v]) => [k, strip(v)]));
  }
  return node;
};
process.stdout.write(`${JSON.stringify(strip(schema))}\n`);
