import { clientError } from '@fcfs/shared';
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  Kind,
  visit,
} from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';

/**
 * Every field costs one plus what it selects; a field with a `first` argument (a page) costs what it selects
 * `first` times, defaults included (`products` without `first` is a page of 20). Aliases are separate fields,
 * so ten aliases of one field cost ten times as much.
 */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const first: unknown = args.first;
  const pageSize = typeof first === 'number' && Number.isFinite(first) ? Math.max(0, first) : 1;
  return 1 + pageSize * childComplexity;
};

/** Bounds what a client sending ever new page sizes can make the gateway remember for one document. */
const MAX_COSTS_PER_DOCUMENT = 64;

interface KnownCosts {
  pageVariables: string[];
  /** By `costKey`: the same operation with the same page sizes costs the same. */
  costs: Map<string, number>;
}

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
  variables: Record<string, unknown>,
): string =>
  JSON.stringify([
    operationName ?? null,
    ...pageVariables.map((name) => (Object.hasOwn(variables, name) ? [variables[name]] : [])),
  ]);

/**
 * Invalid variables are BAD_USER_INPUT on every request, whether or not the cost is already known (the cost
 * walk would have found them), so a client gets the same answer on every try.
 */
function checkVariables(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): void {
  const operation = getOperationAST(document, operationName);
  if (!operation) return;
  const { errors } = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  const last = errors?.at(-1);
  if (last) throw clientError('BAD_USER_INPUT', last.message);
}

function walkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): number {
  try {
    return getComplexity({
      schema,
      query: document,
      variables,
      ...(operationName ? { operationName } : {}),
      estimators: [pageSizeEstimator],
    });
  } catch (error) {
    if (error instanceof GraphQLError) throw clientError('BAD_USER_INPUT', error.message);
    throw error;
  }
}

export interface CostMeter {
  /** The operation's estimated field resolutions; BAD_USER_INPUT when its variables are invalid. */
  costOf: (
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown>,
  ) => number;
}

/**
 * graphql-query-complexity, because only it sees argument values — and so page sizes — with the request's
 * variables. Its walk runs once per document and page sizes: Apollo keeps one document object per query text.
 */
export function createCostMeter(): CostMeter {
  const perDocument = new WeakMap<DocumentNode, KnownCosts>();
  return {
    costOf: (schema, document, operationName, variables) => {
      checkVariables(schema, document, operationName, variables);
      let known = perDocument.get(document);
      if (!known) {
        known = { pageVariables: pageVariablesOf(document), costs: new Map() };
        perDocument.set(document, known);
      }
      const key = costKey(operationName, known.pageVariables, variables);
      let cost = known.costs.get(key);
      if (cost === undefined) {
        cost = walkCost(schema, document, operationName, variables);
        if (known.costs.size >= MAX_COSTS_PER_DOCUMENT) known.costs.clear();
        known.costs.set(key, cost);
      }
      return cost;
    },
  };
}
