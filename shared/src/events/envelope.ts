import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  EVENT_PAYLOADS,
  EVENT_TYPES,
  EVENT_VERSION,
  type EventEnvelope,
  type EventPayload,
  type EventType,
} from './contracts.ts';

export function createEvent<Type extends EventType>(
  type: Type,
  key: string,
  data: EventPayload<Type>,
  now: Date = new Date(),
): EventEnvelope<Type> {
  return { eventId: randomUUID(), type, version: EVENT_VERSION, occurredAt: now.toISOString(), key, data };
}

const envelopeShape = z.object({
  eventId: z.uuid(),
  type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime(),
  key: z.string(),
  data: z.unknown(),
});

export type ParsedEvent = { ok: true; event: EventEnvelope } | { ok: false; reason: string };

/** Validates a raw message against its contract; a malformed message is reported, never half-applied. */
export function parseEvent(raw: string): ParsedEvent {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const envelope = envelopeShape.safeParse(json);
  if (!envelope.success) return { ok: false, reason: z.prettifyError(envelope.error) };
  const data = EVENT_PAYLOADS[envelope.data.type].safeParse(envelope.data.data);
  if (!data.success) return { ok: false, reason: z.prettifyError(data.error) };
  return { ok: true, event: { ...envelope.data, data: data.data } as EventEnvelope };
}
