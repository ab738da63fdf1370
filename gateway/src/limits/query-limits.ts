import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { clientError } from '@fcfs/shared';
import {
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type ValidationRule,
  validate,
} from 'graphql';
import { type CostMeter, createCostMeter } from './query-cost.ts';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  /** Rows the cost model assumes a whole-window scan (a count, a page filtered row by row) reads. */
  scanRows: number;
}

const tooComplex = (message: string) => clientError('QUERY_TOO_COMPLEX', message, { http: { status: 400 } });

export interface QueryLimiter {
  /** Throws QUERY_TOO_COMPLEX when the operation is too deep, uses too many aliases or costs too much. */
  enforce: (
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown> | undefined,
  ) => void;
  /** The cost `enforce` found for this operation and variables (for the expensive-query rate limit). */
  costOf: CostMeter['knownCost'];
}

/**
 * Depth and aliases come from GraphQL Armor's rules (maintained, fragment-aware, typed); cost from the cost
 * meter, because a validation rule cannot see the request's variables, and so page sizes. All run after
 * Apollo's own validation, so they see a valid document, and answer with QUERY_TOO_COMPLEX rather than a
 * generic validation failure.
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
  const costs = createCostMeter(limits.scanRows);

  return {
    costOf: costs.knownCost,
    enforce: (schema, document, operationName, variables) => {
      let verdict = shapeVerdicts.get(document);
      if (verdict === undefined) {
        const [error] = validate(schema, document, shapeRules);
        verdict = error ? error.message.replace(/^Syntax Error: /, '') : null;
        shapeVerdicts.set(document, verdict);
      }
      if (verdict !== null) throw tooComplex(verdict);

      const cost = costs.costOf(schema, document, operationName, variables ?? {});
      if (cost > limits.maxCost) {
        throw tooComplex(`Query cost ${cost} exceeds the limit of ${limits.maxCost}: ask for smaller pages`);
      }
    },
  };
}
