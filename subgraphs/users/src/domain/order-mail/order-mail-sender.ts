import { type Transaction, WakeableSleep } from '@fcfs/shared';
import type { UsersSchema } from '../../db/client.ts';
import {
  claimDueOrderMails,
  deleteOrderMail,
  findOrderSummaries,
  markOrderMailsSent,
  postponeOrderMail,
} from '../../db/order-mails-repository.ts';
import type { OrderMailRow } from '../../db/schema/index.ts';
import { findUsersByIds } from '../../db/users-repository.ts';
import type { UsersDependencies } from '../../dependencies.ts';
import type { MailMessage } from '../../mail/mailer.ts';
import { openProfile } from '../pii/profile-sealing.ts';
import { composeOrderMail } from './compose-order-mail.ts';
import { byLifecycleStep } from './order-mail-kind.ts';

export interface OrderMailSenderSettings {
  /** The first retry waits this long; each further one twice as long as the last, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  batchSize: number;
  /**
   * How long a mail waits for its order's `order.created` before it is dropped: an order placed before this
   * consumer first started never gets one, and its status mails would otherwise be retried forever.
   */
  summaryWaitMs: number;
  /** How often to look for due mails when nothing woke the sender. */
  idleDelayMs: number;
  /** Mails per second at most: a pass over n mails lasts at least n / maxPerSecond seconds. */
  maxPerSecond: number;
}

export const DEFAULT_ORDER_MAIL_SETTINGS: OrderMailSenderSettings = {
  baseDelayMs: 5_000,
  maxDelayMs: 15 * 60_000,
  batchSize: 50,
  summaryWaitMs: 60 * 60_000,
  idleDelayMs: 1_000,
  maxPerSecond: 100,
};

/** Exponential backoff: base, 2×base, 4×base … capped, so an SMTP outage is probed, not hammered. */
export const retryDelayMs = (attempts: number, { baseDelayMs, maxDelayMs }: OrderMailSenderSettings) =>
  Math.min(baseDelayMs * 2 ** Math.max(attempts - 1, 0), maxDelayMs);

type Outcome = 'sent' | 'postponed' | 'dropped';

/** What a claimed mail needs: nothing (its account is gone), its order's summary first, or just sending. */
type Prepared = { kind: 'no-recipient' } | { kind: 'no-summary' } | { kind: 'send'; message: MailMessage };

/**
 * Delivers the order mails the consumer queued. Due rows are claimed with FOR UPDATE SKIP LOCKED and each is
 * marked sent in the same transaction after SMTP accepted it; a failure postpones that row alone with
 * backoff, and the others in the batch still go out. A crash between SMTP and commit can send a mail twice,
 * the at-least-once edge every SMTP client has; redelivered events never do (the event id is the row key).
 */
export class OrderMailSender {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly pause = new WakeableSleep();
  private readonly pacing = new WakeableSleep();
  private readonly deps: Pick<UsersDependencies, 'db' | 'pii' | 'userKeys' | 'mailer' | 'logger'>;
  private readonly settings: OrderMailSenderSettings;

  constructor(
    deps: Pick<UsersDependencies, 'db' | 'pii' | 'userKeys' | 'mailer' | 'logger'>,
    settings: Partial<OrderMailSenderSettings> = {},
  ) {
    this.deps = deps;
    this.settings = { ...DEFAULT_ORDER_MAIL_SETTINGS, ...settings };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Called after the consumer queued a mail, so it goes out now rather than at the next poll. */
  readonly notify = (): void => this.pause.wake();

  async stop(): Promise<void> {
    this.running = false;
    this.pause.wake();
    this.pacing.wake();
    await this.loop;
  }

  /**
   * One pass over the due mails; returns what happened to each. The batch's accounts and order summaries are
   * read together and the mails SMTP accepted are marked sent together; the SMTP round trips overlap. Exposed
   * for tests.
   */
  async sendDue(now = new Date()): Promise<Outcome[]> {
    return this.deps.db.transaction(
      async (tx) => {
        const due = await claimDueOrderMails(tx, now, this.settings.batchSize);
        if (due.length === 0) return [];
        const prepared = await this.prepare(tx, due);
        const failures = await this.sendInOrderPerOrder(due, prepared);
        const outcomes: Outcome[] = [];
        const sent: string[] = [];
        for (const [index, mail] of due.entries()) {
          const outcome = await this.recordUnsent(tx, mail, prepared[index], failures[index], now);
          if (outcome === 'sent') sent.push(mail.eventId);
          outcomes.push(outcome);
        }
        await markOrderMailsSent(tx, sent, new Date());
        return outcomes;
      },
      { isolationLevel: 'read committed' },
    );
  }

  /**
   * Different orders' mails go out together; one order's go one after the other, in the order of its life
   * (a batch's mails of one order may share a due time), so "on its way" never reaches the buyer after
   * "refund". Returns each mail's failure, or null.
   */
  private async sendInOrderPerOrder(due: OrderMailRow[], prepared: Prepared[]): Promise<unknown[]> {
    const failures: unknown[] = due.map(() => null);
    const perOrder = new Map<string, Promise<void>>();
    const inLifecycleOrder = [...due.entries()].sort(([, a], [, b]) => byLifecycleStep(a.kind, b.kind));
    for (const [index, mail] of inLifecycleOrder) {
      const step = prepared[index];
      if (step?.kind !== 'send') continue;
      const previous = perOrder.get(mail.orderId) ?? Promise.resolve();
      const sent = previous.then(() =>
        this.deps.mailer.send(step.message).then(
          () => undefined,
          (error: unknown) => {
            failures[index] = error;
          },
        ),
      );
      perOrder.set(mail.orderId, sent);
    }
    await Promise.all(perOrder.values());
    return failures;
  }

  private async prepare(tx: Transaction<UsersSchema>, due: OrderMailRow[]): Promise<Prepared[]> {
    // Not a users id at all (an event from a load test, say): nobody to mail, same as a deleted account.
    const userIds = [...new Set(due.map((mail) => Number(mail.userId)).filter(Number.isSafeInteger))];
    const accounts = new Map((await findUsersByIds(tx, userIds)).map((user) => [String(user.id), user]));
    const orderIds = [...new Set(due.map((mail) => mail.orderId))];
    const summaries = new Map(
      (await findOrderSummaries(tx, orderIds)).map((summary) => [summary.orderId, summary]),
    );
    const recipients = new Map<string, { email: string; name: string }>();
    const prepared: Prepared[] = [];
    for (const mail of due) {
      const user = accounts.get(mail.userId);
      const summary = summaries.get(mail.orderId);
      if (!user) prepared.push({ kind: 'no-recipient' });
      // order.created and the status event travel on different topics: the summary may still be on its way.
      else if (!summary) prepared.push({ kind: 'no-summary' });
      else {
        const recipient = recipients.get(mail.userId) ?? (await openProfile(this.deps, user));
        recipients.set(mail.userId, recipient);
        const message = composeOrderMail(mail.kind, { to: recipient.email, name: recipient.name, summary });
        prepared.push({ kind: 'send', message });
      }
    }
    return prepared;
  }

  /** Drops or postpones a mail that did not go out; says `sent` for one SMTP accepted, which the caller marks. */
  private async recordUnsent(
    tx: Transaction<UsersSchema>,
    mail: OrderMailRow,
    step: Prepared | undefined,
    failure: unknown,
    now: Date,
  ): Promise<Outcome> {
    const { logger } = this.deps;
    const waitedTooLong = now.getTime() - mail.createdAt.getTime() > this.settings.summaryWaitMs;
    if (step?.kind === 'no-recipient' || (step?.kind === 'no-summary' && waitedTooLong)) {
      if (step.kind === 'no-summary') {
        logger.warn(
          { eventId: mail.eventId, orderId: mail.orderId },
          'order mail dropped: its order was never announced',
        );
      }
      await deleteOrderMail(tx, mail.eventId);
      return 'dropped';
    }
    if (step?.kind === 'send' && failure === null) return 'sent';
    const reason = step?.kind === 'no-summary' ? 'the order summary has not arrived yet' : String(failure);
    const attempts = mail.attempts + 1;
    const delay = retryDelayMs(attempts, this.settings);
    logger.warn({ err: failure, eventId: mail.eventId, attempts, retryInMs: delay }, 'order mail postponed');
    await postponeOrderMail(tx, mail.eventId, {
      attempts,
      nextAttemptAt: new Date(now.getTime() + delay),
      lastError: reason.slice(0, 255),
    });
    return 'postponed';
  }

  private async run(): Promise<void> {
    while (this.running) {
      const startedAt = performance.now();
      let outcomes: Outcome[] = [];
      try {
        outcomes = await this.sendDue();
      } catch (error) {
        this.deps.logger.warn({ err: error }, 'order mail sender could not read its queue, retrying');
      }
      // Paced whatever wakes the sender: only stop() cuts the rest short.
      const paceMs = (outcomes.length * 1_000) / this.settings.maxPerSecond;
      const restMs = paceMs - (performance.now() - startedAt);
      if (restMs > 0) await this.pacing.sleep(restMs);
      if (this.running && outcomes.length < this.settings.batchSize)
        await this.pause.sleep(this.settings.idleDelayMs);
    }
  }
}
