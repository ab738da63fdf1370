/** A fresh key per click. getRandomValues works on plain-http pages too, where randomUUID does not exist. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `click-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
