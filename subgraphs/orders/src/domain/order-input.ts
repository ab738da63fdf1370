import { MULTI_LINE_TEXT, SINGLE_LINE_TEXT } from '@fcfs/shared';
import { z } from 'zod';

/** More lines than this in one order (or one cart) is BAD_USER_INPUT. */
export const MAX_ORDER_LINES = 20;
/** Units of one product per line; the purchase limit usually stops a buyer far earlier. */
export const MAX_LINE_QUANTITY = 99;

export const productId = z
  .string()
  .trim()
  .min(1, 'productId is required')
  .max(32, 'productId is too long')
  .regex(/^[A-Za-z0-9_-]+$/, 'productId is malformed');

export const lineQuantity = z
  .number()
  .int('quantity must be a whole number')
  .min(1, 'quantity must be at least 1')
  .max(MAX_LINE_QUANTITY, `quantity must be at most ${MAX_LINE_QUANTITY}`);

/** A cart quantity; 0 removes the line. */
export const cartQuantity = z
  .number()
  .int('quantity must be a whole number')
  .min(0, 'quantity must not be negative')
  .max(MAX_LINE_QUANTITY, `quantity must be at most ${MAX_LINE_QUANTITY}`);

export const idempotencyKey = z
  .string()
  .min(1, 'idempotencyKey is required')
  .max(128, 'idempotencyKey must be at most 128 characters')
  .regex(/^[\x21-\x7e]+$/, 'idempotencyKey must be visible ASCII characters without spaces');

export const paymentMethod = z
  .string()
  .trim()
  .min(1, 'paymentMethod must not be blank')
  .max(32, 'paymentMethod must be at most 32 characters')
  .regex(SINGLE_LINE_TEXT, 'paymentMethod must not contain control characters')
  .nullish()
  .transform((method) => method ?? null);

const orderLines = z
  .array(z.object({ productId, quantity: lineQuantity }))
  .min(1, 'an order needs at least one line')
  .max(MAX_ORDER_LINES, `an order has at most ${MAX_ORDER_LINES} lines`)
  .superRefine((lines, ctx) => {
    const seen = new Set<string>();
    for (const [index, line] of lines.entries()) {
      if (seen.has(line.productId)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'productId'],
          message: `product ${line.productId} appears on more than one line`,
        });
      }
      seen.add(line.productId);
    }
  });

/** The profile's rule (users' addressField): line breaks are the only control characters allowed. */
export const shippingAddress = z
  .string()
  .trim()
  .min(1, 'shippingAddress must not be blank')
  .max(500, 'shippingAddress must be at most 500 characters')
  .regex(MULTI_LINE_TEXT, 'shippingAddress must not contain control characters other than line breaks')
  .nullish()
  .transform((address) => address ?? null);

export const placeOrderInput = z.object({
  items: orderLines,
  idempotencyKey,
  paymentMethod,
  shippingAddress,
});

export const checkoutCartInput = z.object({
  productIds: z
    .array(productId)
    .max(MAX_ORDER_LINES, `at most ${MAX_ORDER_LINES} products`)
    .nullish()
    .transform((ids) => (ids ? [...new Set(ids)] : null)),
  idempotencyKey,
  paymentMethod,
  shippingAddress,
});

export const returnReason = z
  .string()
  .trim()
  .max(500, 'reason must be at most 500 characters')
  .regex(MULTI_LINE_TEXT, 'reason must not contain control characters other than line breaks')
  .nullish()
  .transform((reason) => reason || null);
