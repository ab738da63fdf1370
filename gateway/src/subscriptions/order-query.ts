import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  print,
  type SelectionSetNode,
  type VariableDefinitionNode,
  visit,
} from 'graphql';
import { fragmentsOf } from '../operation.ts';

/** The query that resolves one event of a subscription: `order(id:)` with the subscription's selection. */
export interface OrderQuery {
  query: string;
  /** Where the order is in the query's `data`, and where the subscription's payload puts it. */
  responseKey: string;
  /**
   * Where the order's own `status` sits in the payload (aliases included): the query runs after the change,
   * when the order may have moved on, so the payload states the status the change is about.
   */
  statusKeys: string[];
  variablesFor: (orderId: string) => Record<string, unknown>;
}

const name = (value: string) => ({ kind: Kind.NAME, value }) as const;

/** Fragments the selection uses, directly or through other fragments. */
function reachableFragments(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const pending: SelectionSetNode[] = [selectionSet];
  for (let next = pending.pop(); next; next = pending.pop()) {
    visit(next, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (!fragment || found.has(fragment.name.value)) return;
        found.set(fragment.name.value, fragment);
        pending.push(fragment.selectionSet);
      },
    });
  }
  return [...found.values()];
}

/** Response keys of `status` directly on the order, through inline fragments and fragment spreads too. */
function statusKeysOf(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) {
      return selection.name.value === 'status' ? [selection.alias?.value ?? 'status'] : [];
    }
    if (selection.kind === Kind.INLINE_FRAGMENT) return statusKeysOf(selection.selectionSet, fragments);
    const fragment = fragments.get(selection.name.value);
    return fragment ? statusKeysOf(fragment.selectionSet, fragments) : [];
  });
}

function variablesUsed(nodes: readonly (SelectionSetNode | FragmentDefinitionNode)[]): Set<string> {
  const used = new Set<string>();
  for (const node of nodes) {
    visit(node, {
      Variable(variable) {
        used.add(variable.name.value);
      },
    });
  }
  return used;
}

/**
 * Rewrites `subscription { orderStatusChanged(orderId: …) { …selection } }` into
 * `query { orderStatusChanged: order(id: $orderId) { …selection } }`, with the fragments and variables the
 * selection uses. The gateway runs that query for each event with the subscriber's identity, so federated
 * fields (`items { product { name } }`, `payment { status }`) resolve through the supergraph as for any query,
 * and the orders subgraph decides again whether the caller may see the order.
 */
export function orderQueryFor(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  field: FieldNode,
  variables: Record<string, unknown>,
): OrderQuery {
  const responseKey = field.alias?.value ?? field.name.value;
  const selectionSet: SelectionSetNode = field.selectionSet ?? { kind: Kind.SELECTION_SET, selections: [] };
  const fragments = reachableFragments(selectionSet, fragmentsOf(document));
  const used = variablesUsed([selectionSet, ...fragments]);

  let idVariable = 'orderId';
  for (let suffix = 1; used.has(idVariable); suffix += 1) idVariable = `orderId${suffix}`;

  const kept = (operation.variableDefinitions ?? []).filter((definition) =>
    used.has(definition.variable.name.value),
  );
  const idDefinition: VariableDefinitionNode = {
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: name(idVariable) },
    type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: name('ID') } },
  };
  const query: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        name: name('OrderStatusChanged'),
        variableDefinitions: [...kept, idDefinition],
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: [
            {
              kind: Kind.FIELD,
              alias: name(responseKey),
              name: name('order'),
              arguments: [
                {
                  kind: Kind.ARGUMENT,
                  name: name('id'),
                  value: { kind: Kind.VARIABLE, name: name(idVariable) },
                },
              ],
              selectionSet,
            },
          ],
        },
      },
      ...fragments,
    ],
  };
  const carried = Object.fromEntries(Object.entries(variables).filter(([key]) => used.has(key)));
  return {
    query: print(query),
    responseKey,
    statusKeys: [...new Set(statusKeysOf(selectionSet, fragmentsOf(document)))],
    variablesFor: (orderId) => ({ ...carried, [idVariable]: orderId }),
  };
}
