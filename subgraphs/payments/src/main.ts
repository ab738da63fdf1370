import { createLogger, loadConfigOrExit, onShutdownSignal } from '@fcfs/shared';
import { startPayments } from './app.ts';
import { paymentsEnv } from './config.ts';

const config = loadConfigOrExit(paymentsEnv, 'payments');
const logger = createLogger('payments', config.LOG_LEVEL);
const app = await startPayments(config, logger);
onShutdownSignal(logger, app.shutdown, { deadlineMs: config.SHUTDOWN_TIMEOUT });
