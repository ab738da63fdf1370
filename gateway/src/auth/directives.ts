import { clientError, type Viewer } from '@fcfs/shared';
import {
  type DirectiveNode,
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
  parse,
  print,
  type SelectionSetNode,
  valueFromASTUntyped,
  visit,
} from 'graphql';

/**
 * Federation's `@authenticated` and `@requiresScopes`, enforced by the gateway before it plans a query (Apollo
 * Router does this as a licensed feature; @apollo/gateway not at all). The rules come from the supergraph, so a
 * subgraph declares them once in its schema; subgraphs still check for themselves.
 */
export type Requirement = { kind: 'authenticated' } | { kind: 'scopes'; anyOf: string[][] };

export interface AuthorizationRules {
  /** `Type.field` → what a caller needs to select it. */
  fields: ReadonlyMap<string, readonly Requirement[]>;
  /** Type → what a caller needs to select any field returning it. */
  types: ReadonlyMap<string, readonly Requirement[]>;
}

const SPECS = {
  authenticated: 'https://specs.apollo.dev/authenticated/',
  requiresScopes: 'https://specs.apollo.dev/requiresScopes/',
} as const;

/** The names the supergraph's `@link`s give the two directives (a `@link(as: …)` may rename them). */
function directiveNames(document: DocumentNode): { authenticated: string; requiresScopes: string } {
  const names = { authenticated: 'authenticated', requiresScopes: 'requiresScopes' };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const directive of definition.directives ?? []) {
      if (directive.name.value !== 'link') continue;
      const args = Object.fromEntries(
        (directive.arguments ?? []).map((argument) => [
          argument.name.value,
          valueFromASTUntyped(argument.value),
        ]),
      );
      if (typeof args.url !== 'string' || typeof args.as !== 'string') continue;
      for (const [spec, prefix] of Object.entries(SPECS) as [keyof typeof SPECS, string][]) {
        if (args.url.startsWith(prefix)) names[spec] = args.as;
      }
    }
  }
  return names;
}

const enforcedHere = (url: unknown) =>
  typeof url === 'string' && Object.values(SPECS).some((prefix) => url.startsWith(prefix));

/**
 * The supergraph as @apollo/gateway gets it. The gateway refuses to load a supergraph with `for: SECURITY`
 * features it cannot enforce (failing closed rather than ignoring them); these two it need not enforce,
 * because the directive guard does, so their links lose the `for:` argument. Any other security feature
 * still makes the gateway refuse the supergraph.
 */
export function supergraphForPlanning(supergraphSdl: string): string {
  const document = visit(parse(supergraphSdl), {
    Directive(directive) {
      if (directive.name.value !== 'link') return undefined;
      const url = directive.arguments?.find((argument) => argument.name.value === 'url');
      if (!url || !enforcedHere(valueFromASTUntyped(url.value))) return undefined;
      return {
        ...directive,
        arguments: directive.arguments?.filter((argument) => argument.name.value !== 'for'),
      };
    },
  });
  return print(document);
}

export function authorizationRules(supergraphSdl: string): AuthorizationRules {
  const document = parse(supergraphSdl);
  const names = directiveNames(document);
  const requirementsOf = (directives: readonly DirectiveNode[] | undefined): Requirement[] =>
    (directives ?? []).flatMap((directive): Requirement[] => {
      if (directive.name.value === names.authenticated) return [{ kind: 'authenticated' }];
      if (directive.name.value !== names.requiresScopes) return [];
      const scopes = directive.arguments?.find((argument) => argument.name.value === 'scopes');
      const anyOf = scopes ? (valueFromASTUntyped(scopes.value) as string[][]) : [];
      return [{ kind: 'scopes', anyOf }];
    });

  const fields = new Map<string, Requirement[]>();
  const types = new Map<string, Requirement[]>();
  const add = (map: Map<string, Requirement[]>, key: string, found: Requirement[]) => {
    if (found.length > 0) map.set(key, [...(map.get(key) ?? []), ...found]);
  };
  for (const definition of document.definitions) {
    if (!('name' in definition) || !definition.name || !('directives' in definition)) continue;
    const typeName = definition.name.value;
    add(types, typeName, requirementsOf(definition.directives));
    if ('fields' in definition && Array.isArray(definition.fields)) {
      for (const field of definition.fields) {
        if (field.kind === Kind.FIELD_DEFINITION) {
          add(fields, `${typeName}.${field.name.value}`, requirementsOf(field.directives));
        }
      }
    }
  }
  return { fields, types };
}

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
