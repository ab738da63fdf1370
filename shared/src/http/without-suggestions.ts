import type { GraphQLFormattedError } from 'graphql';

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** graphql-js ends a message with its guesses at what the caller meant: ` Did you mean "price"?`. */
const SUGGESTION = / ?Did you mean .+\?$/;

/** `message` without graphql-js's trailing guesses. */
export const withoutSuggestion = (message: string): string => message.replace(SUGGESTION, '');

/**
 * Drops graphql-js's "Did you mean" guesses from every error, so a schema kept from introspection cannot be
 * read off them one typo at a time. Apollo's `hideSchemaDetailsFromClientErrors` covers only validation;
 * variables with an unknown enum value or input field carry the same guesses from execution.
 */
export const withoutSuggestions =
  (format: FormatError): FormatError =>
  (formatted, error) => {
    const result = format(formatted, error);
    return { ...result, message: withoutSuggestion(result.message) };
  };
