import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { clientError } from '@fcfs/shared';
import { type DocumentNode, GraphQLError, type GraphQLSchema, type ValidationRule, validate } from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
}

const tooComplex = (message: string) => clientError('QUERY_TOO_COMPLEX', message, { http: { status: 400 } });

/**
 * Every field costs one plus what it selects; a field with a `first` argument (a page) costs what it selects
 * `first` times, defaults included (`products` without `first` is a page of 20). Aliases are separate fields,
 * so ten aliases of one field cost ten times as much.
 */
export const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const first: unknown = args.first;
  const pageSize = typeof first === 'number' && Number.isFinite(first) ? Math.max(0, first) : 1;
  return 1 + pageSize * childComplexity;
};

export interface QueryLimiter {
  /** Throws QUERY_TOO_COMPLEX when the operation is too deep, uses too many aliases or costs too much. */
  enforce: (
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown> | undefined,
  ) => void;
}

/**
 * Depth and aliases come from GraphQL Armor's rules (maintained, fragment-aware, typed); cost from
 * graphql-query-complexity, because only it sees argument values — and so page sizes — with the request's
 * variables, which a validation rule cannot. All run after Apollo's own validation, so they see a valid
 * document, and answer with QUERY_TOO_COMPLEX rather than a generic validation failure.
 */
export function createQueryLimiter(limits: QueryLimits): QueryLimiter {
  const reject: (context: unknown, error: GraphQLError) => void = (context, error) => {
    (context as { reportError: (error: GraphQLError) => void }).reportError(error);
  };
  const shapeRules: ValidationRule[] = [
    maxDepthRule({
      n: limits.maxDepth,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [reject],
    }),
    maxAliasesRule({ n: limits.maxAliases, propagateOnRejection: false, onReject: [reject] }),
  ];
  // Depth and aliases depend on the text alone, and Apollo keeps one document object per query text.
  const shapeVerdicts = new WeakMap<DocumentNode, string | null>();

  return {
    enforce: (schema, document, operationName, variables) => {
      let verdict = shapeVerdicts.get(document);
      if (verdict === undefined) {
        const [error] = validate(schema, document, shapeRules);
        verdict = error ? error.message.replace(/^Syntax Error: /, '') : null;
        shapeVerdicts.set(document, verdict);
      }
      if (verdict !== null) throw tooComplex(verdict);

      let cost: number;
      try {
        cost = getComplexity({
          schema,
          query: document,
          variables: variables ?? {},
          ...(operationName ? { operationName } : {}),
          estimators: [pageSizeEstimator],
        });
      } catch (error) {
        if (error instanceof GraphQLError) throw clientError('BAD_USER_INPUT', error.message);
        throw error;
      }
      if (cost > limits.maxCost) {
        throw tooComplex(`Query cost ${cost} exceeds the limit of ${limits.maxCost}: ask for smaller pages`);
      }
    },
  };
}
