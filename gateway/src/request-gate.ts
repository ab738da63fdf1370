import {
  COUNT_HITS_LUA,
  decisionOf,
  isCluster,
  luaScript,
  type RateLimitDecision,
  type RateLimitRule,
  REVOCATION_EPOCH_KEY,
  type Redis,
  rateLimitKey,
  revokedJtiKey,
  revokedSessionKey,
  revokedUserKey,
  runScript,
} from '@fcfs/shared';
import type { VerifiedToken } from './auth/access-token.ts';

/** One hit on one rate-limit window: the rule and whose bucket it counts into. */
export interface CounterHit {
  rule: RateLimitRule;
  subject: string;
}

export type GateVerdict = { revoked: true } | { revoked: false; decisions: RateLimitDecision[] };

export interface RequestGate {
  /**
   * Refuses a revoked token before anything is counted (so a stolen, revoked token cannot use up its user's
   * limits), then counts every hit; anonymous callers (`token` null) are only counted.
   */
  admit: (token: VerifiedToken | null, hits: readonly CounterHit[]) => Promise<GateVerdict>;
  /**
   * True when users put the token's `jti` or session on the deny-list, revoked every token of its user since
   * `iat`, or when the token is older than the deny-list Redis holds (`revoked:epoch`, see revocation-keys).
   */
  isRevoked: (token: VerifiedToken) => Promise<boolean>;
}

export type RevocationList = Pick<RequestGate, 'isRevoked'>;

/**
 * KEYS: the token's deny-list keys (jti, session, user, epoch; none for an anonymous caller, ARGV[1] = ''),
 * then one key per window. ARGV: the token's `iat`, then each window's length in ms. Returns -1 for a revoked
 * token, else the counts. A missing epoch means Redis lost the deny-list: the token is refused.
 */
const ADMIT_LUA = `${COUNT_HITS_LUA}
if ARGV[1] == '' then return countHits(1, 2) end
if redis.call('EXISTS', KEYS[1], KEYS[2]) > 0 then return -1 end
local iat = tonumber(ARGV[1])
local marks = redis.call('MGET', KEYS[3], KEYS[4])
local since, epoch = tonumber(marks[1] or ''), tonumber(marks[2] or '')
if (since and iat < since) or not epoch or iat < epoch then return -1 end
return countHits(5, 2)
`;

// A token without a session names its jti key twice: EXISTS counts it twice, which changes nothing.
const tokenDenyKeys = (token: VerifiedToken) => [
  revokedJtiKey(token.jti),
  token.sid ? revokedSessionKey(token.sid) : revokedJtiKey(token.jti),
  revokedUserKey(token.viewer.id),
  REVOCATION_EPOCH_KEY,
];

/** One window's hit on its own: the cluster's step, where every key of a script must share a slot. */
const COUNT_ONE = luaScript(`${COUNT_HITS_LUA}
return countHits(1, 1)
`);

const COMMAND = 'fcfsGatewayAdmit';
type AdmitCommand = (keyCount: number, ...keysAndArgs: (string | number)[]) => Promise<number | number[]>;

/**
 * The deny-list users writes (logout, change of password, refresh-token reuse) and the gateway's rate-limit
 * windows, read and counted in one script: one Redis round trip per operation instead of one per key.
 */
export function createRequestGate(redis: Redis): RequestGate {
  if (isCluster(redis)) return createClusterRequestGate(redis);
  if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { lua: ADMIT_LUA });
  const admitCommand = (redis as unknown as Record<typeof COMMAND, AdmitCommand>)[COMMAND].bind(redis);

  const admit: RequestGate['admit'] = async (token, hits) => {
    const tokenKeys = token ? tokenDenyKeys(token) : [];
    const keys = [...tokenKeys, ...hits.map(({ rule, subject }) => rateLimitKey(rule, subject))];
    const args = [token ? token.issuedAt : '', ...hits.map(({ rule }) => rule.windowMs)];
    const reply = await admitCommand(keys.length, ...keys, ...args);
    if (!Array.isArray(reply)) return { revoked: true };
    const decisions = hits.map(({ rule }, index) =>
      decisionOf(rule, reply[index * 2] ?? 0, reply[index * 2 + 1] ?? -1),
    );
    return { revoked: false, decisions };
  };

  return {
    admit,
    isRevoked: async (token) => (await admit(token, [])).revoked,
  };
}

/**
 * The same checks on Redis Cluster, where the deny-list keys and the windows live in different slots: the
 * deny-list is read key by key and each window counted by its own script, all issued at once, so a request
 * still waits about two round trips. Still nothing is counted for a revoked
 * token; what is lost is only the snapshot of the four deny-list keys at one instant, which no revocation
 * racing a request could rely on anyway.
 */
function createClusterRequestGate(redis: Redis): RequestGate {
  const revoked = async (token: VerifiedToken) => {
    const [jti, session, user, epoch] = tokenDenyKeys(token);
    const [deniedJti, deniedSession, since, from] = await Promise.all([
      redis.exists(jti ?? ''),
      redis.exists(session ?? ''),
      redis.get(user ?? ''),
      redis.get(epoch ?? ''),
    ]);
    const sinceSeconds = Number(since ?? Number.NaN);
    const epochSeconds = Number(from ?? Number.NaN);
    return (
      deniedJti + deniedSession > 0 ||
      token.issuedAt < sinceSeconds ||
      Number.isNaN(epochSeconds) ||
      token.issuedAt < epochSeconds
    );
  };

  const admit: RequestGate['admit'] = async (token, hits) => {
    if (token && (await revoked(token))) return { revoked: true };
    const replies = await Promise.all(
      hits.map(({ rule, subject }) =>
        runScript(redis, COUNT_ONE, [rateLimitKey(rule, subject)], [rule.windowMs]),
      ),
    );
    const decisions = hits.map(({ rule }, index) => {
      const reply = replies[index];
      const [count, ttl] = Array.isArray(reply) ? reply : [];
      return decisionOf(rule, count ?? 0, ttl ?? -1);
    });
    return { revoked: false, decisions };
  };

  return {
    admit,
    isRevoked: async (token) => (await admit(token, [])).revoked,
  };
}
