import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLResolverMap } from '@apollo/subgraph';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { DocumentNode } from 'graphql';
import { maskError } from '../errors/index.ts';
import type { Logger } from '../logger.ts';
import { withoutSuggestions } from './without-suggestions.ts';

export interface SubgraphServerOptions<Context extends BaseContext> {
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<Context>;
  logger: Logger;
}

/**
 * The Apollo server every subgraph runs: Federation 2 schema, masked errors without schema suggestions (only
 * the gateway calls it, and the gateway's own API hides them), CSRF prevention.
 */
export function createSubgraphServer<Context extends BaseContext>({
  typeDefs,
  resolvers,
  logger,
}: SubgraphServerOptions<Context>): ApolloServer<Context> {
  return new ApolloServer<Context>({
    schema: buildSubgraphSchema([{ typeDefs, resolvers }]),
    formatError: withoutSuggestions(maskError((error) => logger.error({ err: error }, 'internal error'))),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // The service's own shutdown owns SIGINT/SIGTERM. Apollo's handler would start a second stop() whose
    // barrier never resolves (apollo/server 5.5), so the service's stop() waited forever.
    stopOnTerminationSignals: false,
    introspection: true,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
}
