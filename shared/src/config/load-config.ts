import type { z } from 'zod';
import { productionSecretProblems } from './production-secrets.ts';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Validates the environment once at start. Every missing or invalid variable, and in production every weak
 * secret, is listed in one message, so an operator fixes them all in one go instead of one restart per
 * variable.
 */
export function loadConfig<Schema extends z.ZodType>(
  schema: Schema,
  env: Record<string, string | undefined> = process.env,
): z.output<Schema> {
  const result = schema.safeParse(env);
  const issues = (result.error?.issues ?? []).map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const problem = env[name] === undefined && issue.code === 'invalid_type' ? 'is required' : issue.message;
    return `${name}: ${problem}`;
  });
  const problems = [...issues, ...productionSecretProblems(schema, env)];
  if (result.success && problems.length === 0) return result.data;
  throw new ConfigError(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
}

/** For `main.ts`: print the configuration problem and exit non-zero instead of a stack trace. */
export function loadConfigOrExit<Schema extends z.ZodType>(
  schema: Schema,
  serviceName: string,
): z.output<Schema> {
  try {
    return loadConfig(schema);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${serviceName}: ${error.message}\n`);
    process.exit(1);
  }
}
