import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import { currentSession } from '../auth/token-store.ts';
import { graphqlUrl, websocketUrl } from '../config.ts';
import { observeServerDate } from './server-clock.ts';

/** Every HTTP call carries the current access token and tells the server clock what time the gateway said. */
const authorizedFetch: typeof fetch = async (input, init) => {
  const headers = new Headers(init?.headers);
  const session = currentSession();
  if (session) headers.set('authorization', `Bearer ${session.accessToken}`);
  const response = await fetch(input, { ...init, headers });
  observeServerDate(response.headers.get('date'), Date.now());
  return response;
};

/**
 * One socket per signed-in session, opened on the first subscription; the token goes in `connection_init`
 * (browsers cannot set headers on a WebSocket). A rotated token takes effect on the next reconnect.
 */
export const socket = createClient({
  url: websocketUrl,
  connectionParams: () => {
    const session = currentSession();
    return session ? { authorization: `Bearer ${session.accessToken}` } : {};
  },
  retryAttempts: Number.POSITIVE_INFINITY,
  shouldRetry: () => true,
});

const isSubscription = (operation: ApolloLink.Operation) => {
  const definition = getMainDefinition(operation.query);
  return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
};

export const apolloClient = new ApolloClient({
  link: ApolloLink.split(
    isSubscription,
    new GraphQLWsLink(socket),
    new HttpLink({ uri: graphqlUrl, fetch: authorizedFetch }),
  ),
  cache: new InMemoryCache(),
});
