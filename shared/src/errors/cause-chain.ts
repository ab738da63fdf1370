/**
 * Whether an error or anything it wraps matches: drivers' errors arrive wrapped by drizzle (`cause`) and by
 * GraphQL (`originalError`), and the interesting code sits at the bottom.
 */
export function someInCauseChain(
  error: unknown,
  matches: (error: Record<string, unknown>) => boolean,
): boolean {
  for (let current = error, depth = 0; depth <= 5; depth += 1) {
    if (typeof current !== 'object' || current === null) return false;
    const candidate = current as Record<string, unknown>;
    if (matches(candidate)) return true;
    current = candidate.cause ?? candidate.originalError;
  }
  return false;
}
