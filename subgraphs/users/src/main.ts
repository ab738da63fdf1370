import { createLogger, loadConfigOrExit, onShutdownSignal } from '@fcfs/shared';
import { startUsers } from './app.ts';
import { usersEnv } from './config.ts';

const config = loadConfigOrExit(usersEnv, 'users');
const logger = createLogger('users', config.LOG_LEVEL);
const app = await startUsers(config, logger);
onShutdownSignal(logger, app.shutdown, { deadlineMs: config.SHUTDOWN_TIMEOUT });
