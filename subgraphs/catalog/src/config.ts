import { baseEnv, databaseEnv, duration, kafkaEnv, portEnv, redisEnv, signingEnv } from '@fcfs/shared';
import { z } from 'zod';

export const catalogEnv = z.object({
  ...baseEnv,
  ...portEnv(4002),
  ...databaseEnv,
  ...redisEnv,
  ...kafkaEnv,
  ...signingEnv,
  /** How often catalog checks that Redis still has the sale metadata (it republishes it when not). */
  SALE_REPUBLISH_INTERVAL: duration('1s'),
});

export type CatalogConfig = z.output<typeof catalogEnv>;
