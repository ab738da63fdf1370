import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { createPiiCipher, keyIdOf } from '../src/domain/pii/cipher.ts';
import { parsePiiKeys } from '../src/domain/pii/keys.ts';

const key = () => randomBytes(32);
const indexKey = randomBytes(32);

describe('PII encryption', () => {
  const k1 = { id: 'k1', key: key() };
  const cipher = createPiiCipher([k1], indexKey);

  test('stores <keyId>:<iv>:<tag>:<ciphertext> with a 12-byte IV and a 16-byte tag, and reads it back', () => {
    const stored = cipher.encrypt('address', '12 Teheran-ro, Seoul');
    const [keyId, iv, tag, ciphertext, ...rest] = stored.split(':');
    assert.equal(keyId, 'k1');
    assert.equal(Buffer.from(iv ?? '', 'base64').length, 12);
    assert.equal(Buffer.from(tag ?? '', 'base64').length, 16);
    assert.ok(ciphertext);
    assert.deepEqual(rest, []);
    assert.ok(!stored.includes('Teheran'));
    assert.equal(cipher.decrypt('address', stored), '12 Teheran-ro, Seoul');
  });

  test('a fresh IV per value: the same plaintext never gives the same ciphertext', () => {
    const values = new Set(Array.from({ length: 50 }, () => cipher.encrypt('name', 'Kim')));
    assert.equal(values.size, 50);
  });

  test('an altered value, or a value moved to another column, does not decrypt', () => {
    const stored = cipher.encrypt('email', 'a@example.test');
    const [keyId, iv, tag, ciphertext] = stored.split(':') as [string, string, string, string];
    const flipped = Buffer.from(ciphertext, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    assert.throws(() => cipher.decrypt('email', [keyId, iv, tag, flipped.toString('base64')].join(':')));
    assert.throws(() => cipher.decrypt('name', stored));
    assert.throws(() => cipher.decrypt('email', 'k1:garbage'), /malformed/);
  });

  test('rotation: a value written with the old key still decrypts after a new key is put first', () => {
    const old = cipher.encrypt('phone', '+82 10-1234-5678');
    const k2 = { id: 'k2', key: key() };
    const rotated = createPiiCipher([k2, k1], indexKey);
    assert.equal(rotated.decrypt('phone', old), '+82 10-1234-5678');
    const rewritten = rotated.encrypt('phone', '+82 10-1234-5678');
    assert.equal(keyIdOf(rewritten), 'k2');
    assert.equal(rotated.decrypt('phone', rewritten), '+82 10-1234-5678');
    // Only once every value is rewritten may the old key go: without it, old values are unreadable.
    const retired = createPiiCipher([k2], indexKey);
    assert.throws(() => retired.decrypt('phone', old), /unknown key "k1"/);
    assert.equal(retired.decrypt('phone', rewritten), '+82 10-1234-5678');
  });

  test('the blind index is the same for one address in any case or spacing, and keyed', () => {
    assert.equal(cipher.emailIndex('  Kim@Example.TEST '), cipher.emailIndex('kim@example.test'));
    assert.notEqual(cipher.emailIndex('kim@example.test'), cipher.emailIndex('lee@example.test'));
    assert.match(cipher.emailIndex('kim@example.test'), /^[0-9a-f]{64}$/);
    const otherIndexKey = createPiiCipher([k1], randomBytes(32));
    assert.notEqual(otherIndexKey.emailIndex('kim@example.test'), cipher.emailIndex('kim@example.test'));
    // The index key does not depend on the encryption keys, so rotating those keeps lookups working.
    assert.equal(
      createPiiCipher([{ id: 'k9', key: key() }], indexKey).emailIndex('kim@example.test'),
      cipher.emailIndex('kim@example.test'),
    );
  });
});

describe('PII_KEYS', () => {
  const b64 = () => key().toString('base64');

  test('parses id:key entries, newest first', () => {
    const [a, b] = [b64(), b64()];
    assert.deepEqual(
      parsePiiKeys(` k2:${a} ,k1:${b}`).map((entry) => ({ id: entry.id, key: entry.key.toString('base64') })),
      [
        { id: 'k2', key: a },
        { id: 'k1', key: b },
      ],
    );
  });

  test('refuses short keys, missing ids, duplicates and an empty list', () => {
    assert.throws(() => parsePiiKeys(`k1:${randomBytes(16).toString('base64')}`), /must be 32 bytes/);
    assert.throws(() => parsePiiKeys(b64()), /must look like <id>:<base64 key>/);
    assert.throws(() => parsePiiKeys(`k1:${b64()},k1:${b64()}`), /unique/);
    assert.throws(() => parsePiiKeys(' , '), /at least one key/);
  });
});
