// The payments app as its own process, for tests that kill it: `node payments-process.ts <group id>`.
// Prints "ready" once its consumer group has fetched, so the test knows produced events will reach it.
import { createLogger, loadConfig } from '@fcfs/shared';
import { startPayments } from '../src/app.ts';
import { paymentsEnv } from '../src/config.ts';

const groupId = process.argv[2];
if (!groupId) throw new Error('usage: payments-process.ts <consumer group id>');
const config = { ...loadConfig(paymentsEnv), PORT: 0 };
const app = await startPayments(config, createLogger('payments-process', config.LOG_LEVEL), {
  groupId,
  fromBeginning: false,
});
const stopListening = app.consumer.on(app.consumer.events.FETCH, () => {
  stopListening();
  process.stdout.write('ready\n');
});
