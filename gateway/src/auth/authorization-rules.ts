import { type DirectiveNode, Kind, parse, valueFromASTUntyped } from 'graphql';
import { directiveNames } from './directive-links.ts';

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
