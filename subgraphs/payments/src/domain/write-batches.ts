import type { EventEnvelope } from '@fcfs/shared';
import DataLoader from 'dataloader';
import type { PaymentRow } from '../db/schema/index.ts';
import { openPayments } from './open-payment.ts';
import type { PaymentWriter } from './payment-writer.ts';
import { type ChargeAnswer, recordCharges } from './record-charge.ts';

export interface WriteBatches {
  open: (event: EventEnvelope<'order.created'>) => Promise<PaymentRow | undefined>;
  recordCharge: (answer: ChargeAnswer) => Promise<PaymentRow | undefined>;
}

/**
 * Concurrent payments share transactions: opens (and charge answers) issued during one turn of the event
 * loop are written together. A transaction per payment costs more than everything else a payment does, so
 * this is where the consumer's throughput comes from. `setImmediate` lets the whole turn (every processor
 * timer that fired in it) join the batch rather than only the current microtask queue.
 */
export function createWriteBatches(writer: PaymentWriter): WriteBatches {
  const options = {
    cache: false,
    maxBatchSize: 500,
    batchScheduleFn: (run: () => void) => setImmediate(run),
  };
  const opens = new DataLoader<EventEnvelope<'order.created'>, PaymentRow | undefined>(
    (events) => openPayments(writer, events),
    options,
  );
  const charges = new DataLoader<ChargeAnswer, PaymentRow | undefined>(
    (answers) => recordCharges(writer, answers),
    options,
  );
  return { open: (event) => opens.load(event), recordCharge: (answer) => charges.load(answer) };
}
