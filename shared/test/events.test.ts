import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEvent, EVENT_TYPES, parseEvent } from '../src/index.ts';

describe('event envelopes', () => {
  test('one topic per event type of docs/architecture.md#events', () => {
    assert.deepEqual([...EVENT_TYPES].sort(), [
      'order.cancelled',
      'order.created',
      'order.paid',
      'order.payment-failed',
      'order.returned',
      'order.status-changed',
      'payment.failed',
      'payment.refunded',
      'payment.succeeded',
      'product.changed',
      'user.address-changed',
      'user.deleted',
    ]);
  });

  test('an event survives serialisation and validation', () => {
    const event = createEvent('order.paid', 'o-1', {
      orderId: 'o-1',
      userId: 'u-1',
      items: [{ productId: 'p', quantity: 2 }],
    });
    assert.deepEqual(parseEvent(JSON.stringify(event)), { ok: true, event });
    assert.equal(event.version, 1);
    assert.match(event.eventId, /^[0-9a-f-]{36}$/);
  });

  test('malformed messages are reported, not thrown', () => {
    assert.deepEqual(parseEvent('{not json'), { ok: false, reason: 'not JSON' });
    const wrongData = {
      ...createEvent('order.paid', 'o', { orderId: 'o', userId: 'u', items: [] }),
      data: { orderId: 1 },
    };
    const result = parseEvent(JSON.stringify(wrongData));
    assert.equal(result.ok, false);
    const unknownType = {
      ...createEvent('order.paid', 'o', { orderId: 'o', userId: 'u', items: [] }),
      type: 'order.eaten',
    };
    assert.equal(parseEvent(JSON.stringify(unknownType)).ok, false);
  });
});
