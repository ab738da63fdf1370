import { someInCauseChain } from './cause-chain.ts';

/** Driver and network error codes that mean "a dependency is unreachable right now", not "this request is wrong". */
const OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_ACCOUNT_HAS_BEEN_LOCKED',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_QUERY_INTERRUPTED',
  'ER_LOCK_WAIT_TIMEOUT',
  // undici (the gateway's subgraph pools): the peer closed the socket, or it did not answer the connect.
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * ioredis and fetch report outages in their messages rather than in a code, and mysql2 names some server
 * errors differently for MariaDB (a locked account, too many connections). On a Redis Cluster, a primary's
 * failover answers CLUSTERDOWN/TRYAGAIN/MASTERDOWN (or READONLY from a demoted primary) and ioredis gives up
 * with "Too many Cluster redirections", a failed slot refresh or its retry limit until the replica takes over.
 */
const OUTAGE_MESSAGES = new RegExp(
  [
    "Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|socket hang up|fetch failed",
    'Connection lost|connection is in closed state|account is locked|Too many connections',
    '^(CLUSTERDOWN|TRYAGAIN|MASTERDOWN|READONLY|LOADING) ',
    'Too many Cluster redirections|Failed to refresh slots cache|None of startup nodes is available',
    'Node is disconnected|Cluster is disconnected|max retries per request limit',
  ].join('|'),
);

/**
 * Whether an error, or anything it wraps (drizzle's `cause`, GraphQL's `originalError`), is an outage of a
 * database, Redis or another service: the client should retry, and deserves to be told so.
 */
export const isOutage = (error: unknown): boolean =>
  someInCauseChain(
    error,
    ({ code, message }) =>
      (typeof code === 'string' && OUTAGE_CODES.has(code)) ||
      (typeof message === 'string' && OUTAGE_MESSAGES.test(message)),
  );
