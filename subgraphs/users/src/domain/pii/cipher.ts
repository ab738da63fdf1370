import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { normalizeEmail } from '../email.ts';
import type { PiiKey } from './keys.ts';

/** Which column a value belongs to; bound into the ciphertext so one column's value cannot stand in for another's. */
export type PiiField = 'email' | 'name' | 'address' | 'phone';

export interface PiiCipher {
  /** `<keyId>:<iv>:<tag>:<ciphertext>`, base64 pieces, a fresh 12-byte IV each time, with the newest key. */
  encrypt: (field: PiiField, plaintext: string) => string;
  /** Decrypts with whichever configured key the value names; throws when that key is gone or the value was altered. */
  decrypt: (field: PiiField, stored: string) => string;
  /** HMAC-SHA256 of the normalised email, hex: equal for equal addresses, useless without the index key. */
  emailIndex: (email: string) => string;
  /** HMAC-SHA256 under the index key for other secrets kept in Redis (codes, tokens), separated by `purpose`. */
  secretDigest: (purpose: string, value: string) => string;
}

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function createPiiCipher(keys: readonly PiiKey[], indexKey: Buffer): PiiCipher {
  const [current] = keys;
  if (!current) throw new Error('PII cipher needs at least one key');
  const byId = new Map(keys.map((key) => [key.id, key.key]));
  const hmac = (text: string) => createHmac('sha256', indexKey).update(text, 'utf8').digest('hex');

  return {
    encrypt(field, plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, current.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(field, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [current.id, iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join(
        ':',
      );
    },
    decrypt(field, stored) {
      const [keyId, iv, tag, ciphertext, ...rest] = stored.split(':');
      if (
        keyId === undefined ||
        iv === undefined ||
        tag === undefined ||
        ciphertext === undefined ||
        rest.length > 0
      )
        throw new Error('malformed encrypted value');
      const key = byId.get(keyId);
      if (!key) throw new Error(`encrypted with unknown key "${keyId}"`);
      const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(field, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString(
        'utf8',
      );
    },
    emailIndex: (email) => hmac(`email\n${normalizeEmail(email)}`),
    secretDigest: (purpose, value) => hmac(`${purpose}\n${value}`),
  };
}

/** The id of the key a stored value was written with (tests and re-encryption jobs use it). */
export const keyIdOf = (stored: string): string => stored.slice(0, stored.indexOf(':'));
