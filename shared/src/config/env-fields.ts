import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { duration } from './duration.ts';

/** Env fragments shared by several services; each service composes the ones it needs into one schema. */

export const baseEnv = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** From SIGTERM to exit: past it the service exits 1, naming what was still open. */
  SHUTDOWN_TIMEOUT: duration('10s'),
};

export const portEnv = (defaultPort: number) => ({
  PORT: z.coerce.number().int().min(1).max(65_535).default(defaultPort),
});

export const databaseEnv = {
  DATABASE_URL: z.url({ protocol: /^mysql$/, error: 'must be a mysql:// URL' }),
};

const clusterNode = z
  .string()
  .trim()
  .regex(/^[^\s:]+:\d{1,5}$/, 'must list host:port pairs separated by commas')
  .transform((node) => {
    const at = node.lastIndexOf(':');
    return { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
  });

export const redisEnv = {
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' }),
  /** Seed nodes of a Redis Cluster (`host:port,host:port`); set, it replaces REDIS_URL's server. */
  REDIS_CLUSTER_NODES: z
    .string()
    .optional()
    .transform((list) => (list?.trim() ? list.split(',') : []))
    .pipe(z.array(clusterNode)),
};

export const kafkaEnv = {
  KAFKA_BROKERS: z
    .string()
    .min(1)
    .transform((list) => list.split(',').map((broker) => broker.trim())),
};

export const signingEnv = {
  GATEWAY_SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters (base64 of 32 random bytes)'),
};

/** A PEM file path; the value becomes the file's contents, so a bad path fails at start, not at first login. */
export const pemFile = z.string().transform((path, ctx) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    ctx.addIssue({ code: 'custom', message: `cannot read file ${path}` });
    return z.NEVER;
  }
});

export const jwtVerifyEnv = {
  JWT_PUBLIC_KEY_FILE: pemFile,
  JWT_ISSUER: z.string().min(1).default('fcfs-users'),
  JWT_AUDIENCE: z.string().min(1).default('fcfs'),
};
