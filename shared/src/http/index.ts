export { KEEP_ALIVE_TIMEOUT_MS, type RunningServer, type ServeOptions, serveGraphQL } from './serve.ts';
export { type RequestLike, type ViewerContext, verifiedViewerContext } from './subgraph-context.ts';
export { type SubgraphDependencies, subgraphReadiness } from './subgraph-readiness.ts';
export { createSubgraphServer, type SubgraphServerOptions } from './subgraph-server.ts';
export { withoutSuggestion, withoutSuggestions } from './without-suggestions.ts';
