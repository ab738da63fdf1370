import type { ApolloServerPlugin } from '@apollo/server';
import { clientError } from '@fcfs/shared';
import type { GatewayContext } from '../context.ts';

export interface ApqBudget {
  /** Refuses a registration over the size cap, and marks registrations for the rate limits. */
  plugin: ApolloServerPlugin<GatewayContext>;
  /** True while `context`'s request registers a persisted query (it counts against the registration rate). */
  isRegistering: (context: GatewayContext) => boolean;
}

/**
 * What one client may put into the persisted-query store: queries of at most `maxQueryBytes`, each
 * registration counted by the request gate (`isRegistering`, so with the other limits in one Redis round
 * trip). Apollo stores a registration after `didResolveOperation`, so a refusal there stores nothing.
 */
export function createApqBudget(maxQueryBytes: number): ApqBudget {
  const registering = new WeakSet<GatewayContext>();
  return {
    isRegistering: (context) => registering.has(context),
    plugin: {
      async requestDidStart() {
        return {
          // Runs before the operation guards (didResolveOperation), which count the registration.
          async didResolveSource({ metrics, contextValue }) {
            if (metrics.persistedQueryRegister) registering.add(contextValue);
          },
          async didResolveOperation({ metrics, source }) {
            if (!metrics.persistedQueryRegister) return;
            const bytes = Buffer.byteLength(source, 'utf8');
            if (bytes <= maxQueryBytes) return;
            throw clientError(
              'BAD_USER_INPUT',
              `A persisted query may be at most ${maxQueryBytes} bytes (this one has ${bytes}): send it without the persistedQuery extension`,
              { maxQueryBytes, http: { status: 400 } },
            );
          },
        };
      },
    },
  };
}
