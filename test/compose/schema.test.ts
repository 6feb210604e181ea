import {describe, expect, it} from 'vitest';
import {composeSchemaErrors} from '../helpers/compose-schema.js';

describe('compose schema helper', () => {
  it('accepts a valid file and rejects known mistakes', () => {
    expect(composeSchemaErrors('services:\n  web:\n    image: x\n    deploy:\n      resources:\n        limits:\n          memory: 512M\n          cpus: "1"\n          pids: 100\n')).toEqual([]);
    expect(composeSchemaErrors('services:\n  web:\n    image: x\n    enviroment: {}\n').length).toBeGreaterThan(0);
    expect(composeSchemaErrors('services:\n  web:\n    image: x\n    ports: 8080\n').length).toBeGreaterThan(0);
  });
});
