import { baseEnv, databaseEnv, kafkaEnv, portEnv, redisEnv, signingEnv } from '@fcfs/shared';
import { z } from 'zod';

export const catalogEnv = z.object({
  ...baseEnv,
  ...portEnv(4002),
  ...databaseEnv,
  ...redisEnv,
  ...kafkaEnv,
  ...signingEnv,
});

export type CatalogConfig = z.output<typeof catalogEnv>;
