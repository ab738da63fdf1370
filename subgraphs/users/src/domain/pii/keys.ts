/** An AES-256 key for personal data, named so a stored value says which key encrypted it. */
export interface PiiKey {
  id: string;
  key: Buffer;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Parses `PII_KEYS`: `id:<base64 of 32 bytes>` entries separated by commas, newest first. The newest key
 * encrypts; every listed key decrypts, so a new key is rolled out by prepending it and an old one retired
 * only after every value written with it has been rewritten.
 */
export function parsePiiKeys(text: string): PiiKey[] {
  const keys = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry, position) => {
      const separator = entry.indexOf(':');
      const id = separator < 0 ? '' : entry.slice(0, separator);
      if (!KEY_ID.test(id)) {
        throw new Error(
          `entry ${position + 1} must look like <id>:<base64 key>, id of letters, digits, _ or -`,
        );
      }
      const key = Buffer.from(entry.slice(separator + 1), 'base64');
      if (key.length !== 32) throw new Error(`key "${id}" must be 32 bytes of base64, not ${key.length}`);
      return { id, key };
    });
  if (keys.length === 0) throw new Error('needs at least one key');
  const ids = new Set(keys.map((key) => key.id));
  if (ids.size !== keys.length) throw new Error('key ids must be unique');
  return keys;
}

export function parseIndexKey(text: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length < 32) throw new Error('must be at least 32 bytes of base64');
  return key;
}
