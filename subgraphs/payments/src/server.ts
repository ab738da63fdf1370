import { readFileSync } from 'node:fs';
import { createSubgraphServer, type Logger } from '@fcfs/shared';
import { gql } from 'graphql-tag';
import type { PaymentsContext } from './context.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = gql(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

export const createPaymentsServer = (logger: Logger) =>
  createSubgraphServer<PaymentsContext>({ typeDefs, resolvers, logger });
