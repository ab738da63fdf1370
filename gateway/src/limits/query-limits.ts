import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { clientError } from '@fcfs/shared';
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  Kind,
  type ValidationRule,
  validate,
  visit,
} from 'graphql';
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

interface DocumentLimits {
  /** Why the document is too deep or has too many aliases; null when it is neither. */
  shapeVerdict: string | null;
  pageVariables: string[];
  /** Cost by `costKey`: the same operation with the same page sizes costs the same. */
  costs: Map<string, number>;
}

/** Bounds what a client sending ever new page sizes can make the gateway remember for one document. */
const MAX_COSTS_PER_DOCUMENT = 64;

/** Variables a page size can come from: the estimator reads only `first`, and `first: $n` is the only way in. */
function pageVariablesOf(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(argument) {
      if (argument.name.value === 'first' && argument.value.kind === Kind.VARIABLE) {
        names.add(argument.value.name.value);
      }
    },
  });
  return [...names];
}

/** An absent variable (its default applies) and an explicit null stay apart. */
const costKey = (
  operationName: string | undefined,
  pageVariables: readonly string[],
  variables: Record<string, unknown> | undefined,
): string =>
  JSON.stringify([
    operationName ?? null,
    ...pageVariables.map((name) => (variables && Object.hasOwn(variables, name) ? [variables[name]] : [])),
  ]);

/**
 * Invalid variables are BAD_USER_INPUT here whether or not the cost is cached (the cost walk would find them),
 * so a client gets the same answer on every try.
 */
function checkVariables(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown> | undefined,
): void {
  const operation = getOperationAST(document, operationName);
  if (!operation) return;
  const { errors } = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  const last = errors?.at(-1);
  if (last) throw clientError('BAD_USER_INPUT', last.message);
}

function costOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown> | undefined,
): number {
  try {
    return getComplexity({
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
}

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
  // Apollo keeps one document object per query text: what depends on the text alone is worked out once.
  const perDocument = new WeakMap<DocumentNode, DocumentLimits>();
  const limitsOf = (schema: GraphQLSchema, document: DocumentNode): DocumentLimits => {
    let known = perDocument.get(document);
    if (!known) {
      const [error] = validate(schema, document, shapeRules);
      known = {
        shapeVerdict: error ? error.message.replace(/^Syntax Error: /, '') : null,
        pageVariables: pageVariablesOf(document),
        costs: new Map(),
      };
      perDocument.set(document, known);
    }
    return known;
  };

  return {
    enforce: (schema, document, operationName, variables) => {
      const known = limitsOf(schema, document);
      if (known.shapeVerdict !== null) throw tooComplex(known.shapeVerdict);

      checkVariables(schema, document, operationName, variables);
      const key = costKey(operationName, known.pageVariables, variables);
      let cost = known.costs.get(key);
      if (cost === undefined) {
        cost = costOf(schema, document, operationName, variables);
        if (known.costs.size >= MAX_COSTS_PER_DOCUMENT) known.costs.clear();
        known.costs.set(key, cost);
      }
      if (cost > limits.maxCost) {
        throw tooComplex(`Query cost ${cost} exceeds the limit of ${limits.maxCost}: ask for smaller pages`);
      }
    },
  };
}
