import { z } from 'zod';
import { secretWeakness } from './secret-strength.ts';

/** A secret inside a setting's value, and how to name it without showing it. */
interface SecretPart {
  label: string;
  value: string;
}

const whole = (value: string): SecretPart[] => [{ label: '', value }];

/** `id:base64,id:base64`: each key after its id. */
const keyList = (value: string): SecretPart[] =>
  value.split(',').map((entry) => {
    const separator = entry.indexOf(':');
    return { label: `key ${entry.slice(0, separator).trim()} `, value: entry.slice(separator + 1).trim() };
  });

/** The password of a `scheme://user:password@host` URL, when it has one. */
const urlPassword = (value: string): SecretPart[] => {
  const password = URL.canParse(value) ? decodeURIComponent(new URL(value).password) : '';
  return password ? [{ label: 'password ', value: password }] : [];
};

const SECRET_SETTINGS: Record<string, (value: string) => SecretPart[]> = {
  GATEWAY_SIGNING_SECRET: whole,
  PII_INDEX_KEY: whole,
  PII_KEYS: keyList,
};

const secretPartsOf = (setting: string): ((value: string) => SecretPart[]) | undefined =>
  SECRET_SETTINGS[setting] ?? (setting.endsWith('_URL') ? urlPassword : undefined);

/** The settings a service's schema reads: an object's keys, through the `.transform` that may follow it. */
function settingsOf(schema: z.core.$ZodType): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodPipe) return settingsOf(schema.in);
  return [];
}

/**
 * In production, every secret the service reads (signing and encryption keys, passwords in URLs) must look
 * like random bytes: a placeholder left from `.env.example` or a short, patterned value is refused at start,
 * before it signs or encrypts anything. Tests and development run with whatever they are given.
 */
export function productionSecretProblems(
  schema: z.ZodType,
  env: Record<string, string | undefined>,
): string[] {
  if (env.NODE_ENV !== 'production') return [];
  return settingsOf(schema).flatMap((setting) => {
    const value = env[setting];
    const partsOf = secretPartsOf(setting);
    if (value === undefined || !partsOf) return [];
    return partsOf(value).flatMap(({ label, value: secret }) => {
      const weakness = secretWeakness(secret);
      return weakness ? [`${setting}: ${label}${weakness}`] : [];
    });
  });
}
