/** The form an email is compared, indexed and mailed in: surrounding spaces dropped, lower case. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
