import {parse} from 'yaml';
import type {Severity} from './model.js';
import {SEVERITIES} from './model.js';
import {DEFAULT_PARAMS, PARAM_CHECKS, type ParamName} from './params.js';

export interface Config {
  /** Patterns in .gitignore syntax plus brace lists (relative to the root) of files not to read. */
  ignore: string[];
  /** Per-rule `off` or a severity that replaces the default. */
  rules: Record<string, 'off' | Severity>;
  /** Fix parameter defaults (uid, memory, …). */
  defaults: Record<string, string>;
  failOn: Severity;
}

export const DEFAULT_CONFIG: Config = {ignore: [], rules: {}, defaults: {}, failOn: 'low'};

export class ConfigError extends Error {}

/** Parses `.shipshape.yaml`. Throws ConfigError with a message naming the bad key. */
export function parseConfig(text: string, file = '.shipshape.yaml'): Config {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  if (data === null || data === undefined) return {...DEFAULT_CONFIG};
  if (typeof data !== 'object' || Array.isArray(data)) throw new ConfigError(`${file}: must be a mapping`);
  const raw = data as Record<string, unknown>;
  const config: Config = {ignore: [], rules: {}, defaults: {}, failOn: 'low'};
  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case '$schema':
        // Names the JSON Schema for editors (JetBrains IDEs read it); nothing for shipshape.
        if (typeof value !== 'string') throw new ConfigError(`${file}: $schema must be the path or URL of a JSON Schema`);
        break;
      case 'ignore':
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new ConfigError(`${file}: ignore must be a list of patterns (.gitignore syntax)`);
        config.ignore = value as string[];
        break;
      case 'rules':
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`${file}: rules must be a mapping of rule id to off or a severity`);
        for (const [id, setting] of Object.entries(value as Record<string, unknown>)) {
          const s = setting === false ? 'off' : String(setting).toLowerCase();
          if (s !== 'off' && !SEVERITIES.includes(s as Severity)) throw new ConfigError(`${file}: rules.${id} must be off or one of ${SEVERITIES.join(', ')}`);
          config.rules[id.toUpperCase()] = s as 'off' | Severity;
        }
        break;
      case 'defaults':
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`${file}: defaults must be a mapping`);
        for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
          if (!(name in DEFAULT_PARAMS)) throw new ConfigError(`${file}: defaults.${name} is not a known parameter (known: ${Object.keys(DEFAULT_PARAMS).join(', ')})`);
          const text = Array.isArray(v) ? v.join(',') : String(v);
          const problem = PARAM_CHECKS[name as ParamName]?.(text);
          if (problem) throw new ConfigError(`${file}: defaults.${name} ${problem} (got ${JSON.stringify(text)})`);
          config.defaults[name] = text;
        }
        break;
      case 'failOn': {
        const s = String(value).toLowerCase();
        if (!SEVERITIES.includes(s as Severity)) throw new ConfigError(`${file}: failOn must be one of ${SEVERITIES.join(', ')}`);
        config.failOn = s as Severity;
        break;
      }
      default:
        throw new ConfigError(`${file}: unknown key "${key}" (known: ignore, rules, defaults, failOn, $schema)`);
    }
  }
  return config;
}

export function paramFrom(config: Config): (name: string) => string {
  return (name) => config.defaults[name] ?? (DEFAULT_PARAMS as Record<string, string>)[name] ?? '';
}
