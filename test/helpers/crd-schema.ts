/**
 * Validates custom resources (Kyverno policies, Gatekeeper templates and constraints) against the
 * vendored CRD schemas (test/init/schemas/README.md) with ajv, the way the API server does with
 * `kubectl apply --validate=strict`: a field the schema does not know is an error (the server would
 * silently drop it), except under `x-kubernetes-preserve-unknown-fields`.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {Ajv, type ValidateFunction} from 'ajv';

type Schema = Record<string, unknown>;

const SCHEMAS = join(import.meta.dirname, '../init/schemas');

export function vendoredSchema(file: string): Schema {
  return JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')) as Schema;
}

/** The schema with unknown fields refused wherever the server would prune them. */
export function strict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strict);
  if (!node || typeof node !== 'object') return node;
  const schema = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === 'properties' ? Object.fromEntries(Object.entries(v as Schema).map(([p, s]) => [p, strict(s)])) : strict(v)])) as Schema;
  if (schema.properties && schema.additionalProperties === undefined && schema['x-kubernetes-preserve-unknown-fields'] !== true) schema.additionalProperties = false;
  // An int-or-string has no type in OpenAPI v3 terms ajv knows.
  if (schema['x-kubernetes-int-or-string'] === true) delete schema.type;
  return schema;
}

/** The metadata every object has; CRD schemas leave it as `type: object`. */
const METADATA: Schema = {
  type: 'object',
  properties: {
    name: {type: 'string', maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$'},
    namespace: {type: 'string'},
    labels: {type: 'object', additionalProperties: {type: 'string'}},
    annotations: {type: 'object', additionalProperties: {type: 'string'}},
  },
  required: ['name'],
  additionalProperties: false,
};

export function compileStrict(schema: Schema): ValidateFunction {
  const ajv = new Ajv({strict: false, allErrors: true});
  // OpenAPI formats the API server checks loosely or not at all.
  for (const format of ['int32', 'int64', 'date-time', 'byte', 'uri']) ajv.addFormat(format, true);
  const root = strict(schema) as Schema;
  const properties = {...(root.properties as Schema), metadata: {...METADATA, properties: {...(METADATA.properties as Schema), ...((schema.properties as Schema | undefined)?.metadata as Schema | undefined)?.properties as Schema}}};
  return ajv.compile({...root, properties, required: ['apiVersion', 'kind', 'metadata', 'spec']});
}

export function errorsOf(validate: ValidateFunction, object: unknown): string[] {
  if (validate(object)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/**
 * The schema of a Gatekeeper constraint of a template, as the constraint framework builds it
 * (open-policy-agent/frameworks constraint/pkg/client/crds/schema.go, CreateSchema).
 */
export function constraintSchema(template: {spec: {crd: {spec: {validation?: {openAPIV3Schema?: Schema}}}}}, match: Schema): Schema {
  const parameters = template.spec.crd.spec.validation?.openAPIV3Schema;
  return {
    type: 'object',
    properties: {
      apiVersion: {type: 'string'},
      kind: {type: 'string'},
      metadata: {type: 'object', properties: {name: {type: 'string', maxLength: 63}}},
      spec: {
        type: 'object',
        properties: {match, enforcementAction: {type: 'string'}, ...(parameters ? {parameters} : {})},
      },
      status: {'x-kubernetes-preserve-unknown-fields': true},
    },
  };
}
