import { aggregateWorkerMetrics, createLogger, loadConfigOrExit, runWorkerCluster } from '@fcfs/shared';
import { startGateway } from './app.ts';
import { gatewayEnv } from './config.ts';

const config = loadConfigOrExit(gatewayEnv, 'gateway');

await runWorkerCluster(createLogger('gateway', config.LOG_LEVEL), {
  workers: config.GATEWAY_WORKERS,
  deadlineMs: config.SHUTDOWN_TIMEOUT,
  primary: aggregateWorkerMetrics,
  start: async (logger) => {
    const gateway = await startGateway(config, logger);
    logger.info(
      { url: gateway.url, introspection: config.GATEWAY_INTROSPECTION },
      config.GATEWAY_INTROSPECTION ? 'Apollo Sandbox at the GraphQL URL' : 'gateway ready',
    );
    return gateway.shutdown;
  },
});
