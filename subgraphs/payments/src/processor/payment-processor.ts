/**
 * The seam to a payment provider. The simulated processor implements it today; a real provider's adapter
 * replaces it without touching the saga.
 *
 * Both calls must be idempotent per payment id (a provider's idempotency key): after a crash the saga charges
 * a still-PENDING payment again and must get the first attempt's answer back, not a second charge.
 */
export interface PaymentProcessor {
  charge(request: ChargeRequest, signal: AbortSignal): Promise<ChargeOutcome>;
  refund(request: RefundRequest, signal: AbortSignal): Promise<void>;
}

export interface ChargeRequest {
  paymentId: string;
  orderId: string;
  userId: string;
  amount: number;
  method: string | null;
}

export type ChargeOutcome = { ok: true } | { ok: false; reason: string };

export interface RefundRequest {
  paymentId: string;
  orderId: string;
  amount: number;
}
