/**
 * Free text the platform stores and shows again: any character a person can type, never a control
 * character (a NUL byte, an escape sequence) that only a script would send and that breaks logs and exports.
 */
export const SINGLE_LINE_TEXT = /^[^\p{Cc}]*$/u;

/** Text that may span lines (addresses, descriptions, reasons): line breaks are its only control characters. */
export const MULTI_LINE_TEXT = /^(?:[^\p{Cc}]|\r?\n)*$/u;
