import { MAX_PAGE_SIZE, ORDER_STATUSES } from '@fcfs/shared';
import { z } from 'zod';
import { productId } from '../order-input.ts';

const userId = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(64, 'is too long')
  .regex(/^[A-Za-z0-9_-]+$/, 'is malformed');

const filter = z
  .object({
    status: z.enum(ORDER_STATUSES).nullish(),
    productId: productId.nullish(),
    userId: userId.nullish(),
    placedAfter: z.date().nullish(),
    placedBefore: z.date().nullish(),
  })
  .refine(({ placedAfter, placedBefore }) => !placedAfter || !placedBefore || placedAfter < placedBefore, {
    path: ['placedBefore'],
    message: 'must be later than placedAfter',
  });

/** `Query.orders` arguments; every refusal names its field (`filter.placedBefore`, `first`, …). */
export const orderDeskInput = z.object({
  filter: filter.nullish(),
  first: z
    .number()
    .int('must be a whole number')
    .min(0, 'must not be negative')
    .max(MAX_PAGE_SIZE, `must be at most ${MAX_PAGE_SIZE}`)
    .nullish(),
  after: z.string().nullish(),
});

export type OrderDeskArgs = z.input<typeof orderDeskInput>;
