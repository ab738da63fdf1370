import { clientError, type Viewer } from '@fcfs/shared';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { AuthorizationRules, Requirement } from './authorization-rules.ts';

interface Demand {
  /** `Type.field` that asked for it, for the error message. */
  coordinate: string;
  requirement: Requirement;
}

/** Everything the operation selects that needs a caller or a scope, fragments included. */
function demandsOf(
  schema: GraphQLSchema,
  rules: AuthorizationRules,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): Demand[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const demands: Demand[] = [];
  const seenFragments = new Set<string>();

  const demandField = (parent: GraphQLCompositeType, fieldName: string, returnType: string) => {
    // On an interface, each implementation may guard the field differently: the strictest applies.
    const owners = isAbstractType(parent) ? [parent, ...schema.getPossibleTypes(parent)] : [parent];
    for (const owner of owners) {
      for (const requirement of rules.fields.get(`${owner.name}.${fieldName}`) ?? []) {
        demands.push({ coordinate: `${owner.name}.${fieldName}`, requirement });
      }
    }
    for (const requirement of rules.types.get(returnType) ?? []) {
      demands.push({ coordinate: `${parent.name}.${fieldName}`, requirement });
    }
  };

  const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const fieldName = selection.name.value;
        if (fieldName.startsWith('__')) continue;
        if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
        const field = parent.getFields()[fieldName];
        if (!field) continue;
        const returnType = getNamedType(field.type);
        demandField(parent, fieldName, returnType.name);
        if (selection.selectionSet && isCompositeType(returnType)) walk(selection.selectionSet, returnType);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (isCompositeType(type)) walk(selection.selectionSet, type);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seenFragments.has(name)) continue;
        seenFragments.add(name);
        const type = schema.getType(fragment.typeCondition.name.value);
        if (isCompositeType(type)) walk(fragment.selectionSet, type);
      }
    }
  };

  const root = schema.getRootType(operation.operation);
  if (root) walk(operation.selectionSet, root);
  return demands;
}

const scopesOf = (viewer: Viewer): ReadonlySet<string> => new Set([viewer.role]);

const satisfied = (requirement: Requirement, viewer: Viewer | null): boolean => {
  if (!viewer) return false;
  if (requirement.kind === 'authenticated') return true;
  const held = scopesOf(viewer);
  return requirement.anyOf.some((all) => all.every((scope) => held.has(scope)));
};

const describe = (requirement: Requirement): string =>
  requirement.kind === 'authenticated'
    ? 'a signed-in caller'
    : `the scope ${requirement.anyOf.map((all) => all.join(' and ')).join(' or ')}`;

export interface DirectiveGuard {
  /** Throws UNAUTHENTICATED (no caller) or FORBIDDEN (caller without the scope) before anything is planned. */
  enforce: (
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    viewer: Viewer | null,
  ) => void;
}

export function createDirectiveGuard(rules: AuthorizationRules): DirectiveGuard {
  // Apollo keeps one parsed document per query text, so the walk runs once per distinct operation.
  const cache = new WeakMap<OperationDefinitionNode, Demand[]>();
  return {
    enforce: (schema, document, operation, viewer) => {
      let demands = cache.get(operation);
      if (!demands) {
        demands = demandsOf(schema, rules, document, operation);
        cache.set(operation, demands);
      }
      const unmet = demands.find((demand) => !satisfied(demand.requirement, viewer));
      if (!unmet) return;
      const message = `${unmet.coordinate} needs ${describe(unmet.requirement)}`;
      if (!viewer) throw clientError('UNAUTHENTICATED', message, { http: { status: 401 } });
      throw clientError('FORBIDDEN', message, { http: { status: 403 } });
    },
  };
}
