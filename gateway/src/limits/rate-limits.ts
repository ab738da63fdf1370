import { createHash } from 'node:crypto';
import { clientError, type RateLimitDecision, type RateLimitRule, rateLimitRule } from '@fcfs/shared';
import {
  type DocumentNode,
  type FieldNode,
  type OperationDefinitionNode,
  valueFromASTUntyped,
} from 'graphql';
import type { GatewayContext } from '../context.ts';
import { rootFields } from '../operation.ts';
import type { CounterHit } from '../request-gate.ts';

export interface RateLimitSettings {
  windowMs: number;
  mutationsPerUser: number;
  mutationsPerClient: number;
  loginPerClient: number;
  loginPerAccount: number;
  placeOrderPerUser: number;
  placeOrderPerClient: number;
  /** An operation costing at least this much is expensive (see connection-cost.ts). */
  expensiveQueryCost: number;
  expensiveQueriesPerClient: number;
  apqRegistrationsPerClient: number;
}

/** What the rate limits ask of the other limits about the request at hand. */
export interface RateLimitInputs {
  costOf: (
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
  ) => number;
  isRegistering: (context: GatewayContext) => boolean;
}

interface Counter {
  rule: RateLimitRule;
  /** Whose bucket a call goes to; `null` when the rule does not apply (e.g. per user, anonymous caller). */
  subject: (context: GatewayContext, field: FieldNode, variables: Record<string, unknown>) => string | null;
}

const byUser: Counter['subject'] = (context) => context.viewer?.id ?? null;
const byClient: Counter['subject'] = (context) => context.clientAddress;

/** The account a `login` targets; hashed so no email address sits in a Redis key. */
const byLoginAccount: Counter['subject'] = (_context, field, variables) => {
  const argument = field.arguments?.find((candidate) => candidate.name.value === 'email');
  const email: unknown = argument ? valueFromASTUntyped(argument.value, variables) : undefined;
  if (typeof email !== 'string') return null;
  return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');
};

export interface MutationRateLimits {
  /**
   * The windows the operation counts into: its mutation calls, an expensive operation, the registration of a
   * persisted query. None for a cheap query.
   */
  hitsOf: (
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
    context: GatewayContext,
  ) => CounterHit[];
}

/**
 * Fixed windows in Redis (shared's limiter rules, counted by the request gate), so every gateway replica
 * counts into the same buckets. Each mutation call counts against the general per-user and per-client limits,
 * and `login` and `placeOrder` also against their own, tighter ones. An expensive operation (a count or a scan
 * of a whole sale window) and an APQ registration count against their own per-client windows.
 */
export function createMutationRateLimits(
  settings: RateLimitSettings,
  inputs: RateLimitInputs,
): MutationRateLimits {
  const rule = (name: string, limit: number) =>
    rateLimitRule({ name: `gateway-${name}`, limit, windowMs: settings.windowMs });
  const counter = (name: string, limit: number, subject: Counter['subject']): Counter => ({
    rule: rule(name, limit),
    subject,
  });
  const everyMutation = [
    counter('mutation-user', settings.mutationsPerUser, byUser),
    counter('mutation-client', settings.mutationsPerClient, byClient),
  ];
  const perField: Record<string, Counter[]> = {
    login: [
      counter('login-client', settings.loginPerClient, byClient),
      counter('login-account', settings.loginPerAccount, byLoginAccount),
    ],
    placeOrder: [
      counter('place-order-user', settings.placeOrderPerUser, byUser),
      counter('place-order-client', settings.placeOrderPerClient, byClient),
    ],
  };

  const expensivePerClient = rule('expensive-client', settings.expensiveQueriesPerClient);
  const apqRegistrationsPerClient = rule('apq-register-client', settings.apqRegistrationsPerClient);

  const mutationHits = (
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
    context: GatewayContext,
  ): CounterHit[] => {
    if (operation.operation !== 'mutation') return [];
    return rootFields(document, operation).flatMap((field) =>
      [...everyMutation, ...(perField[field.name.value] ?? [])].flatMap(({ rule, subject }) => {
        const who = subject(context, field, variables);
        return who === null ? [] : [{ rule, subject: who }];
      }),
    );
  };

  return {
    hitsOf: (document, operation, variables, context) => {
      const hits = mutationHits(document, operation, variables, context);
      if (inputs.costOf(document, operation, variables) >= settings.expensiveQueryCost) {
        hits.push({ rule: expensivePerClient, subject: context.clientAddress });
      }
      if (inputs.isRegistering(context)) {
        hits.push({ rule: apqRegistrationsPerClient, subject: context.clientAddress });
      }
      return hits;
    },
  };
}

/** RATE_LIMITED (HTTP 429, `retryAfterSeconds`) when any window is over its limit. */
export function enforceRateLimits(decisions: readonly RateLimitDecision[]): void {
  const denied = decisions.filter((decision) => !decision.allowed);
  if (denied.length === 0) return;
  const retryAfterSeconds = Math.max(...denied.map((decision) => decision.retryAfterSeconds));
  throw clientError('RATE_LIMITED', `Too many requests, retry in ${retryAfterSeconds}s`, {
    retryAfterSeconds,
    http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
  });
}
