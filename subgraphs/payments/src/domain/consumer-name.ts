/** The payments subgraph's name in processed_events: one entry per event it has applied. */
export const PAYMENTS_CONSUMER = 'payments';
