/** Shortest secret production accepts: 16 random characters are already 64 bits or more. */
export const MIN_SECRET_LENGTH = 16;
/** Fewer distinct characters than this is a typed or patterned value, not random bytes. */
const MIN_DISTINCT_CHARACTERS = 8;

/** What `.env.example` and most templates put where a secret belongs. */
const PLACEHOLDER = /change.?me|replace|placeholder|example|secret/i;
/** One unit repeated, like `abcabcabc…`: long, varied enough, still guessable. */
const REPEATED_UNIT = /^(.+?)\1+$/s;

const GENERATE = 'generate one, e.g. `openssl rand -base64 32`';

/**
 * Why `secret` is unfit for production, or undefined when it looks like random bytes. The reason never
 * quotes the value.
 */
export function secretWeakness(secret: string): string | undefined {
  if (PLACEHOLDER.test(secret)) return `is a placeholder; ${GENERATE}`;
  if (secret.length < MIN_SECRET_LENGTH)
    return `is too short (${secret.length} characters, at least ${MIN_SECRET_LENGTH}); ${GENERATE}`;
  if (new Set(secret).size < MIN_DISTINCT_CHARACTERS || REPEATED_UNIT.test(secret))
    return `is too predictable (too few distinct characters or a repeated pattern); ${GENERATE}`;
  return undefined;
}
