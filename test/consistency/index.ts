import { findViolations, type Violation } from './invariants.ts';
import { type ConsistencySources, readState, type Scope } from './read-state.ts';

export type { ConsistencySources, Scope, Violation };

/** Reads the four stores and returns every violated invariant; an empty list means consistent. */
export async function checkConsistency(sources: ConsistencySources, scope: Scope = {}): Promise<Violation[]> {
  return findViolations(await readState(sources, scope));
}
