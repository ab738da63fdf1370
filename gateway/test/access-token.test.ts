import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import jwt from 'jsonwebtoken';
import { createAccessTokenVerifier } from '../src/auth/access-token.ts';

const ISSUER = 'fcfs-users';
const AUDIENCE = 'fcfs';
const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const verifier = createAccessTokenVerifier({ publicKey: keys.publicKey, issuer: ISSUER, audience: AUDIENCE });

const tokenFor = (expiresInSeconds: number, signingKey = keys.privateKey) =>
  jwt.sign({ role: 'CUSTOMER', jti: `j${Date.now()}${Math.random()}`.replace('.', '') }, signingKey, {
    algorithm: 'ES256',
    subject: '7',
    issuer: ISSUER,
    audience: AUDIENCE,
    expiresIn: expiresInSeconds,
  });

const codeOf = (run: () => unknown) => {
  try {
    run();
    return 'accepted';
  } catch (error) {
    return (error as { extensions?: { code?: string }; message: string }).message;
  }
};

test('a remembered token is still refused once it expires', async () => {
  const token = tokenFor(1);
  assert.equal(verifier.verify(token).viewer.id, '7');
  assert.equal(verifier.verify(token).viewer.id, '7');
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  assert.equal(
    codeOf(() => verifier.verify(token)),
    'The access token has expired',
  );
});

test('remembering valid tokens lets no forged or altered one through', () => {
  const valid = tokenFor(60);
  verifier.verify(valid);
  const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const [header, payload] = valid.split('.');
  assert.equal(
    codeOf(() => verifier.verify(tokenFor(60, other.privateKey))),
    'The access token is invalid',
  );
  assert.equal(
    codeOf(() => verifier.verify(`${header}.${payload}.`)),
    'The access token is invalid',
  );
  assert.equal(
    codeOf(() => verifier.verify(`${valid.slice(0, -2)}AA`)),
    'The access token is invalid',
  );
});
