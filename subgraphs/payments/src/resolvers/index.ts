import { DateTimeResolver } from '@fcfs/shared';
import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { Order } from './Order.ts';

export const resolvers: Resolvers = {
  DateTime: DateTimeResolver,
  Order,
};
