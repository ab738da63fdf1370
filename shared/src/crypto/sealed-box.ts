import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with a fresh 12-byte IV: `<iv>:<tag>:<ciphertext>`, base64 pieces. `context` is bound as
 * associated data, so a value sealed for one owner or column cannot be replayed as another's.
 */
export function seal(key: Buffer, context: string, plaintext: Buffer | string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  const ciphertext = Buffer.concat([cipher.update(body), cipher.final()]);
  return [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64')).join(':');
}

/** Throws when the key or the context is not the one sealed with, or the value was altered. */
export function open(key: Buffer, context: string, sealed: string): Buffer {
  const [iv, tag, ciphertext, ...rest] = sealed.split(':');
  if (iv === undefined || tag === undefined || ciphertext === undefined || rest.length > 0) {
    throw new Error('malformed sealed value');
  }
  const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64'), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]);
}
