import { createLogger, loadConfigOrExit, onShutdownSignal } from '@fcfs/shared';
import { startCatalog } from './app.ts';
import { catalogEnv } from './config.ts';

const config = loadConfigOrExit(catalogEnv, 'catalog');
const logger = createLogger('catalog', config.LOG_LEVEL);
const app = await startCatalog(config, logger);
onShutdownSignal(logger, app.shutdown, { deadlineMs: config.SHUTDOWN_TIMEOUT });
