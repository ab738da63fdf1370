import { clientError } from '@fcfs/shared';
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  type OperationDefinitionNode,
  visit,
} from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { connectionCostEstimators } from './connection-cost.ts';

/** The arguments the estimators read. */
const COST_ARGUMENTS = new Set(['first', 'filter']);

/** Bounds what a client sending ever new page sizes can make the gateway remember for one document. */
const MAX_COSTS_PER_DOCUMENT = 64;

interface KnownCosts {
  estimators: ComplexityEstimator[];
  costVariables: string[];
  /** By `costKey`: the same operation with the same page sizes and filters costs the same. */
  costs: Map<string, number>;
}

/** Variables the estimate can depend on: page sizes (`first: $n`) and filters (`filter: $f`). */
function costVariablesOf(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(argument) {
      if (COST_ARGUMENTS.has(argument.name.value)) {
        visit(argument.value, {
          Variable(variable) {
            names.add(variable.name.value);
          },
        });
      }
    },
  });
  return [...names];
}

/** An absent variable (its default applies) and an explicit null stay apart. */
const costKey = (
  operation: OperationDefinitionNode,
  costVariables: readonly string[],
  variables: Record<string, unknown>,
): string =>
  JSON.stringify([
    operation.name?.value ?? null,
    ...costVariables.map((name) => (Object.hasOwn(variables, name) ? [variables[name]] : [])),
  ]);

/**
 * Invalid variables are BAD_USER_INPUT on every request, whether or not the cost is already known (the cost
 * walk would have found them), so a client gets the same answer on every try.
 */
function checkVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): void {
  const { errors } = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  const last = errors?.at(-1);
  if (last) throw clientError('BAD_USER_INPUT', last.message);
}

function walkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  estimators: ComplexityEstimator[],
): number {
  try {
    return getComplexity({
      schema,
      query: document,
      variables,
      ...(operation.name ? { operationName: operation.name.value } : {}),
      estimators,
    });
  } catch (error) {
    if (error instanceof GraphQLError) throw clientError('BAD_USER_INPUT', error.message);
    throw error;
  }
}

export interface CostMeter {
  /** The operation's estimated work (see connection-cost.ts); BAD_USER_INPUT when its variables are invalid. */
  costOf: (
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown>,
  ) => number;
  /** The cost `costOf` found for this operation and variables, without walking it again; 0 when unknown. */
  knownCost: (
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>,
  ) => number;
}

/**
 * graphql-query-complexity, because only it sees argument values — and so page sizes and filters — with the
 * request's variables. Its walk runs once per document, operation and cost variables: Apollo keeps one
 * document object per query text.
 */
export function createCostMeter(scanRows: number): CostMeter {
  const perDocument = new WeakMap<DocumentNode, KnownCosts>();
  const knownOf = (document: DocumentNode): KnownCosts => {
    let known = perDocument.get(document);
    if (!known) {
      known = {
        estimators: connectionCostEstimators(document, scanRows),
        costVariables: costVariablesOf(document),
        costs: new Map(),
      };
      perDocument.set(document, known);
    }
    return known;
  };
  return {
    costOf: (schema, document, operationName, variables) => {
      const operation = getOperationAST(document, operationName);
      if (!operation) return 0;
      checkVariables(schema, operation, variables);
      const known = knownOf(document);
      const key = costKey(operation, known.costVariables, variables);
      let cost = known.costs.get(key);
      if (cost === undefined) {
        cost = walkCost(schema, document, operation, variables, known.estimators);
        if (known.costs.size >= MAX_COSTS_PER_DOCUMENT) known.costs.clear();
        known.costs.set(key, cost);
      }
      return cost;
    },
    knownCost: (document, operation, variables) => {
      const known = perDocument.get(document);
      return known?.costs.get(costKey(operation, known.costVariables, variables)) ?? 0;
    },
  };
}
