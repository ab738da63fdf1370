import type express from 'express';
import type { Logger } from '../logger.ts';
import type { MetricsSource } from '../metrics/cluster-metrics.ts';

/**
 * 200 when every dependency answers, 503 otherwise; each check is named `up` or `down`, with no reason (the
 * route is public, and a reason could name hosts).
 */
export function readinessRoute(checks: Record<string, () => Promise<unknown>>): express.RequestHandler {
  return async (_req, res) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await check();
          return [name, 'up'] as const;
        } catch {
          return [name, 'down'] as const;
        }
      }),
    );
    const ready = results.every(([, state]) => state === 'up');
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) });
  };
}

export function metricsRoute(registry: MetricsSource, logger: Logger): express.RequestHandler {
  return async (_req, res) => {
    try {
      const text = await registry.metrics();
      res.type(registry.contentType).send(text);
    } catch (error) {
      logger.warn({ err: error }, 'collecting metrics failed');
      res.status(503).type('text/plain').send('metrics unavailable\n');
    }
  };
}
