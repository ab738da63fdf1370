import { readFileSync } from 'node:fs';
import { badUserInput } from '@fcfs/shared';

export const MIN_PASSWORD_LENGTH = 10;
/** bcrypt reads 72 bytes at most: a longer password would be silently cut, so it is refused instead. */
export const MAX_PASSWORD_BYTES = 72;

const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#')),
);

/** Throws BAD_USER_INPUT naming `field` when `password` is too short, too long or too common. */
export function assertPasswordPolicy(password: string, field: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw badUserInput(`${field}: must be at least ${MIN_PASSWORD_LENGTH} characters long`, field);
  }
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    throw badUserInput(`${field}: must be at most ${MAX_PASSWORD_BYTES} bytes long`, field);
  }
  if (COMMON_PASSWORDS.has(password.toLowerCase())) {
    throw badUserInput(`${field}: is too common, choose one that is harder to guess`, field);
  }
}
