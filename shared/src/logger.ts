import { type DestinationStream, type Logger, pino } from 'pino';
import { redactedMessageOf, redactQueryParameters } from './redact-query-parameters.ts';

export type { Logger };

/**
 * One JSON logger per service; secrets and tokens are redacted wherever they appear in a log object, and an
 * error's SQL parameters wherever the error carries them. `destination` is stdout unless a test reads the lines.
 */
export function createLogger(service: string, level = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      name: service,
      level,
      serializers: { err: redactQueryParameters },
      hooks: {
        logMethod(args, method) {
          const [first, ...rest] = args;
          if (rest.length > 0 || typeof first !== 'object' || first === null) return method.apply(this, args);
          const fields = first as { err?: unknown; msg?: unknown };
          const message = redactedMessageOf(
            first instanceof Error ? first : fields.msg === undefined && fields.err,
          );
          return message === undefined ? method.apply(this, args) : method.call(this, first, message);
        },
      },
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
    },
    destination,
  );
}
