import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findViolations } from './invariants.ts';
import type { ConsistencyState } from './read-state.ts';

const now = new Date('2026-11-25T10:00:00Z');
const later = new Date('2026-11-25T11:00:00Z');

function state(overrides: Partial<ConsistencyState> = {}): ConsistencyState {
  return {
    products: [{ id: 1, stock: 8, unitsReceived: 10 }],
    items: [
      { orderId: 'paid', productId: '1', quantity: 2 },
      { orderId: 'pending', productId: '1', quantity: 1 },
      { orderId: 'returned', productId: '1', quantity: 3 },
    ],
    orders: [
      { id: 'paid', status: 'DELIVERED', paidAt: now, reservedUntil: now },
      { id: 'pending', status: 'PAYMENT_PENDING', paidAt: null, reservedUntil: later },
      { id: 'returned', status: 'RETURNED', paidAt: now, reservedUntil: now },
    ],
    payments: [
      { orderId: 'paid', status: 'SUCCEEDED' },
      { orderId: 'pending', status: 'PENDING' },
      { orderId: 'returned', status: 'REFUNDED' },
    ],
    announcements: {
      charged: new Map([
        ['paid', 1],
        ['returned', 1],
      ]),
      paid: new Map([
        ['paid', 1],
        ['returned', 1],
      ]),
    },
    redis: [
      {
        productId: '1',
        available: 7,
        reserved: 1,
        holds: [{ orderId: 'pending', userId: 'u', quantity: 1 }],
      },
    ],
    ...overrides,
  };
}

describe('consistency invariants', () => {
  test('a consistent snapshot has no violation', () => {
    assert.deepEqual(findViolations(state(), now), []);
  });

  test('oversold units, drifted counters and leaked holds are each reported', () => {
    const broken = state({
      products: [{ id: 1, stock: 0, unitsReceived: 1 }],
      redis: [
        {
          productId: '1',
          available: 2,
          reserved: 1,
          holds: [{ orderId: 'returned', userId: 'u', quantity: 1 }],
        },
      ],
    });
    assert.deepEqual(
      findViolations(broken, now).map((violation) => violation.rule),
      ['oversold', 'stock-on-hand', 'redis-vs-mysql', 'leaked-reservation', 'lost-reservation'],
    );
  });

  test('payments without orders, unpaid sales and refunds without cancel or return are reported', () => {
    const broken = state({
      payments: [
        { orderId: 'paid', status: 'PENDING' },
        { orderId: 'pending', status: 'REFUNDED' },
        { orderId: 'returned', status: 'SUCCEEDED' },
        { orderId: 'ghost', status: 'SUCCEEDED' },
      ],
    });
    assert.deepEqual(
      findViolations(broken, now).map((violation) => [violation.rule, violation.subject]),
      [
        ['paid-order-without-payment', 'paid'],
        ['refund-without-cancel-or-return', 'pending'],
        ['refund-missing', 'returned'],
        ['charged-but-not-sold', 'returned'],
        ['payment-without-order', 'ghost'],
      ],
    );
  });

  test('an order charged or announced as paid twice is reported', () => {
    const broken = state({
      announcements: { charged: new Map([['paid', 2]]), paid: new Map([['returned', 3]]) },
    });
    assert.deepEqual(
      findViolations(broken, now).map((violation) => [violation.rule, violation.subject]),
      [
        ['charged-twice', 'paid'],
        ['paid-twice', 'returned'],
      ],
    );
  });
});
