import { MULTI_LINE_TEXT, SINGLE_LINE_TEXT } from '@fcfs/shared';
import { z } from 'zod';
import { ADJUSTMENT_REASON_LENGTH } from '../db/schema/index.ts';

const MAX_PRICE = 1_000_000_000;
const MAX_UNITS = 10_000_000;

const name = z
  .string()
  .trim()
  .min(1, 'name must not be empty')
  .max(200, 'name must be at most 200 characters')
  .regex(SINGLE_LINE_TEXT, 'name must not contain control characters');
const description = z
  .string()
  .max(10_000, 'description must be at most 10,000 characters')
  .regex(MULTI_LINE_TEXT, 'description must not contain control characters other than line breaks');
const price = z
  .number()
  .int('price must be a whole number of KRW')
  .min(0, 'price must not be negative')
  .max(MAX_PRICE);
const units = z
  .number()
  .int('stock must be a whole number')
  .min(0, 'stock must not be negative')
  .max(MAX_UNITS);
const purchaseLimit = z
  .number()
  .int('purchaseLimit must be a whole number')
  .min(1, 'purchaseLimit must be at least 1');
const instant = z.date({ error: 'must be a date-time' });

const windowIsOrdered = (value: { saleStartsAt?: Date | null; saleEndsAt?: Date | null }) =>
  !value.saleStartsAt || !value.saleEndsAt || value.saleEndsAt > value.saleStartsAt;
const windowIssue = { message: 'saleEndsAt must be after saleStartsAt', path: ['saleEndsAt'] };

export const createProductInput = z
  .object({
    name,
    description: description.default(''),
    price,
    stock: units,
    saleStartsAt: instant,
    saleEndsAt: instant.nullish().transform((value) => value ?? null),
    purchaseLimit: purchaseLimit.default(1),
  })
  .refine(windowIsOrdered, windowIssue);

export const updateProductInput = z.object({
  name: name.optional(),
  description: description.optional(),
  price: price.optional(),
  saleStartsAt: instant.optional(),
  saleEndsAt: instant.nullish(),
  purchaseLimit: purchaseLimit.optional(),
});

export const restockQuantity = z
  .number()
  .int('quantity must be a whole number')
  .min(1, 'quantity must be at least 1')
  .max(MAX_UNITS);

/** An admin's correction: either way, never zero, and bounded like any stock figure. */
export const stockAdjustmentInput = z.object({
  delta: z
    .number()
    .int('delta must be a whole number')
    .min(-MAX_UNITS)
    .max(MAX_UNITS)
    .refine((delta) => delta !== 0, 'delta must not be zero'),
  reason: z
    .string()
    .trim()
    .min(1, 'reason must not be empty')
    .max(ADJUSTMENT_REASON_LENGTH, `reason must be at most ${ADJUSTMENT_REASON_LENGTH} characters`)
    .regex(SINGLE_LINE_TEXT, 'reason must not contain control characters'),
});

/** GraphQL nulls for fields that may not be cleared are dropped; only saleEndsAt can be set to null. */
export const withoutNulls = <T extends Record<string, unknown>>(input: T, nullable: (keyof T)[] = []) =>
  Object.fromEntries(
    Object.entries(input).filter(([key, value]) => value !== null || nullable.includes(key)),
  ) as T;

export { windowIsOrdered };
