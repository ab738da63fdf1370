import { stdSerializers } from 'pino';

const REDACTED = '[redacted]';

/** mysql2 repeats a duplicated unique value in its message; the value is a query parameter too. */
const DUPLICATE_ENTRY = /Duplicate entry '(?:[^'\\]|\\.)*'/g;

/** Errors in the chain the serializer prints: `cause`, GraphQL's `originalError`, and aggregates. */
function* chainOf(error: unknown, seen = new Set<unknown>()): Generator<Record<string, unknown>> {
  if (typeof error !== 'object' || error === null || seen.has(error)) return;
  seen.add(error);
  const current = error as Record<string, unknown>;
  yield current;
  yield* chainOf(current.cause, seen);
  yield* chainOf(current.originalError, seen);
  if (Array.isArray(current.errors)) for (const inner of current.errors) yield* chainOf(inner, seen);
}

/**
 * The texts of query parameters an error chain carries: drizzle's DrizzleQueryError ends its message with
 * `params: <values joined by commas>` and keeps them in `params`; mysql2 keeps the statement with the values
 * inlined in `sql`. Longest first, so a text that contains another is replaced whole.
 */
function parameterTexts(error: unknown): string[] {
  const texts: string[] = [];
  for (const link of chainOf(error)) {
    if (Array.isArray(link.params) && link.params.length > 0) texts.push(`params: ${String(link.params)}`);
    if (typeof link.sql === 'string' && link.sql !== '') texts.push(link.sql);
  }
  return texts.sort((a, b) => b.length - a.length);
}

function scrub(value: unknown, texts: readonly string[]): unknown {
  if (typeof value === 'string') {
    let text = value.replace(DUPLICATE_ENTRY, `Duplicate entry ${REDACTED}`);
    for (const secret of texts)
      text = text.replaceAll(secret, secret.startsWith('params: ') ? `params: ${REDACTED}` : REDACTED);
    return text;
  }
  if (Array.isArray(value)) return value.map((item) => scrub(item, texts));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === 'params' || key === 'sql' ? REDACTED : scrub(inner, texts),
    ]),
  );
}

/**
 * pino's error serializer, minus the query parameters: a failed statement's values (ciphertexts, password
 * hashes, personal data) would otherwise reach the log in the message, the stack, `params` and `sql`, of the
 * error itself and of every error it wraps. The statement's text with its `?` placeholders stays.
 */
export function redactQueryParameters(error: unknown): unknown {
  return scrub(stdSerializers.err(error as Error), parameterTexts(error));
}

/**
 * The error's message without its query parameters, for a log call that names no message of its own: pino
 * then takes the error's message as the line's `msg`, past the serializer.
 */
export function redactedMessageOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { message } = error as { message?: unknown };
  return typeof message === 'string' ? String(scrub(message, parameterTexts(error))) : undefined;
}
