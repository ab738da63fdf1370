/**
 * Several gauges filled from one read: each gauge's collect() runs concurrently on a scrape, and all of them
 * share the read in flight instead of querying once each.
 */
export function sharedRead<Value>(read: () => Promise<Value>): () => Promise<Value> {
  let inFlight: Promise<Value> | undefined;
  return () => {
    inFlight ??= read().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}
