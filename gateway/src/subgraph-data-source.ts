import { STATUS_CODES } from 'node:http';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { SubgraphSigningKey } from '@fcfs/shared';
import { GraphQLError } from 'graphql';
import {
  callerIdentity,
  isGatewayContext,
  type SubgraphOperation,
  subgraphHeaders,
} from './auth/subgraph-headers.ts';
import type { GatewayContext } from './context.ts';
import type { ShareRead } from './shared-reads.ts';
import type { SubgraphPost, SubgraphReply } from './subgraph-fetcher.ts';

type SubgraphResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** The planner prints each subgraph operation itself: a read starts with `query` or a bare selection set. */
const READ = /^\s*(?:query\b|\{)/;

const statusText = (status: number): string => STATUS_CODES[status] ?? '';

const isJson = (reply: SubgraphReply): boolean =>
  reply.contentType.startsWith('application/json') ||
  reply.contentType.startsWith('application/graphql-response+json');

const bodyOf = (reply: SubgraphReply): unknown => (isJson(reply) ? JSON.parse(reply.text) : reply.text);

/**
 * As Apollo's RemoteGraphQLDataSource answers a non-2xx reply: one error naming the status, the body in
 * `extensions.response`, and UNAUTHENTICATED or FORBIDDEN for 401 and 403.
 */
function errorOf(url: string, reply: SubgraphReply): GraphQLError {
  const code = reply.status === 401 ? 'UNAUTHENTICATED' : reply.status === 403 ? 'FORBIDDEN' : undefined;
  return new GraphQLError(`${reply.status}: ${statusText(reply.status)}`, {
    extensions: {
      response: { url, status: reply.status, statusText: statusText(reply.status), body: bodyOf(reply) },
      ...(code ? { code } : {}),
    },
  });
}

export interface SubgraphDataSourceOptions {
  url: string;
  signingKey: SubgraphSigningKey;
  post: SubgraphPost;
  shareRead: ShareRead;
}

/**
 * The gateway's data source for one subgraph, in place of Apollo's RemoteGraphQLDataSource (whose node-fetch
 * Headers and Request objects cost more CPU than the rest of a subgraph call): signs the request
 * (auth/subgraph-headers), sends it over the subgraph's keep-alive pool, shares an identical read already in
 * flight (shared-reads) and parses the reply for the query plan.
 */
export function subgraphDataSource(options: SubgraphDataSourceOptions): GraphQLDataSource<GatewayContext> {
  const { url, signingKey, post, shareRead } = options;
  return {
    async process(
      processOptions: GraphQLDataSourceProcessOptions<GatewayContext>,
    ): Promise<SubgraphResponse> {
      const { query, operationName, variables, extensions } = processOptions.request;
      if (!query) throw new Error('Missing query');
      const gateway = isGatewayContext(processOptions.context) ? processOptions.context : null;
      const operation: SubgraphOperation = { query, operationName, variables };
      const body = JSON.stringify({ query, operationName, variables, extensions });
      const send = () => post(subgraphHeaders(signingKey, gateway, operation), body);
      const reply = READ.test(query)
        ? await shareRead(`${callerIdentity(gateway)}\n${body}`, send, gateway?.freshReads === true)
        : await send();
      if (reply.status < 200 || reply.status >= 300) throw errorOf(url, reply);
      const parsed = bodyOf(reply);
      if (typeof parsed !== 'object' || parsed === null)
        throw new Error(`Expected JSON response body, but received: ${String(parsed)}`);
      return parsed as SubgraphResponse;
    },
  };
}
