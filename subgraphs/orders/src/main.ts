import { createLogger, loadConfigOrExit, onShutdownSignal } from '@fcfs/shared';
import { startOrders } from './app.ts';
import { ordersEnv } from './config.ts';

const config = loadConfigOrExit(ordersEnv, 'orders');
const logger = createLogger('orders', config.LOG_LEVEL);
const app = await startOrders(config, logger);
onShutdownSignal(logger, app.shutdown, { deadlineMs: config.SHUTDOWN_TIMEOUT });
