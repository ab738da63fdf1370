export { duration, parseDuration } from './duration.ts';
export * from './env-fields.ts';
export { ConfigError, loadConfig, loadConfigOrExit } from './load-config.ts';
