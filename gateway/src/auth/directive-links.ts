import { type DocumentNode, Kind, parse, print, valueFromASTUntyped, visit } from 'graphql';

const SPECS = {
  authenticated: 'https://specs.apollo.dev/authenticated/',
  requiresScopes: 'https://specs.apollo.dev/requiresScopes/',
} as const;

/** The names the supergraph's `@link`s give the two directives (a `@link(as: …)` may rename them). */
export function directiveNames(document: DocumentNode): { authenticated: string; requiresScopes: string } {
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
