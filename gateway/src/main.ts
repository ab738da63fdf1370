import { createLogger, loadConfigOrExit, onShutdownSignal } from '@fcfs/shared';
import { startGateway } from './app.ts';
import { gatewayEnv } from './config.ts';

const config = loadConfigOrExit(gatewayEnv, 'gateway');
const logger = createLogger('gateway', config.LOG_LEVEL);

const gateway = await startGateway(config, logger);
logger.info(
  { url: gateway.url, introspection: config.GATEWAY_INTROSPECTION },
  config.GATEWAY_INTROSPECTION ? 'Apollo Sandbox at the GraphQL URL' : 'gateway ready',
);

onShutdownSignal(logger, gateway.shutdown, { deadlineMs: config.SHUTDOWN_TIMEOUT });
