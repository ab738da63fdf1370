import { ORDER_STATUSES } from '@fcfs/shared';
import { z } from 'zod';
import { productId } from '../order-input.ts';

const userId = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(64, 'is too long')
  .regex(/^[A-Za-z0-9_-]+$/, 'is malformed');

/** `Query.orders`'s filter; a refusal names its field (`filter.placedBefore`, `filter.productId`, …). */
export const orderDeskFilter = z
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
  })
  .transform((filter) => ({
    status: filter.status ?? undefined,
    productId: filter.productId ?? undefined,
    userId: filter.userId ?? undefined,
    placedAfter: filter.placedAfter ?? undefined,
    placedBefore: filter.placedBefore ?? undefined,
  }));

export type OrderDeskFilterInput = z.input<typeof orderDeskFilter>;
