import {describe, expect, it} from 'vitest';
import {isSecretName} from '../../src/knowledge/secrets.js';

describe('isSecretName', () => {
  it('counts cloud access key ids as credentials although they end in _ID', () => {
    for (const name of ['AWS_ACCESS_KEY_ID', 'aws_access_key_id', 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'VAULT_SECRET_ID']) expect(isSecretName(name), name).toBe(true);
  });
  it('still leaves ordinary ids and references alone', () => {
    for (const name of ['CLIENT_ID', 'AWS_REGION', 'TOKEN_URL', 'PASSWORD_FILE', 'AWS_ACCESS_KEY_ID_FILE']) expect(isSecretName(name), name).toBe(false);
  });
});
