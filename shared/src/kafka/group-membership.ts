import type { Consumer } from 'kafkajs';

/**
 * Whether this replica's consumer is in its group, for `/ready`: true from joining until the consumer crashes
 * or stops. A crash kafkajs restarts from is not-in-the-group until the rejoin, so a replica that keeps losing
 * its group stays unready, and one that never comes back stays unready for good.
 */
export class GroupMembership {
  #member = false;
  #lastLoss = 'not joined yet';

  /** Call before `consumer.run()`, so the first join is seen. */
  watch(consumer: Consumer): void {
    const lost = (why: string) => () => {
      this.#member = false;
      this.#lastLoss = why;
    };
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.#member = true;
    });
    consumer.on(consumer.events.CRASH, lost('the consumer crashed'));
    consumer.on(consumer.events.STOP, lost('the consumer stopped'));
    consumer.on(consumer.events.DISCONNECT, lost('the consumer disconnected'));
  }

  get member(): boolean {
    return this.#member;
  }

  /** A readiness check: resolves while in the group, throws why not otherwise. */
  check = async (): Promise<void> => {
    if (!this.#member) throw new Error(`not in its consumer group: ${this.#lastLoss}`);
  };
}
