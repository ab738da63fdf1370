import {
  type DocumentNode,
  type GraphQLField,
  type GraphQLNamedType,
  getNamedType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { fragmentsOf } from '../operation.ts';

/** A cursor connection: `edges` (one per row of the page) beside fields computed once per call. */
const isConnection = (type: GraphQLNamedType): boolean =>
  isObjectType(type) && 'edges' in type.getFields() && 'totalCount' in type.getFields();

/**
 * Connection fields whose page is not a keyset read of `first + 1` rows: the resolver reads rows one by one
 * until the page is full, so a page of a sparse filter reads the whole window. Catalog checks ON_SALE and
 * SOLD_OUT against the live counters row by row, and a name search is a substring match no index serves.
 */
const SCANS_FOR_A_PAGE: Record<string, (args: Record<string, unknown>) => boolean> = {
  'Query.products': ({ filter }) => {
    if (typeof filter !== 'object' || filter === null) return false;
    const { saleStatus, search } = filter as { saleStatus?: unknown; search?: unknown };
    const statuses = Array.isArray(saleStatus) ? saleStatus : [];
    const liveCheck = statuses.includes('ON_SALE') !== statuses.includes('SOLD_OUT');
    return liveCheck || (typeof search === 'string' && search.trim() !== '');
  },
};

function pageSizeOf(args: Record<string, unknown>, field: GraphQLField<unknown, unknown>): number {
  const first = args.first;
  if (typeof first === 'number' && Number.isFinite(first)) return Math.max(0, first);
  // An explicit null gets the resolver's default, as an absent argument does.
  const fallback = field.args.find((argument) => argument.name === 'first')?.defaultValue;
  return typeof fallback === 'number' ? fallback : 1;
}

/**
 * The cost model, one estimate per field resolution or row read:
 * - a field costs one plus what it selects;
 * - a connection costs what its resolver reads: `first + 1` rows for a keyset page, or `scanRows` when the page
 *   is filtered row by row; `totalCount` counts every row the filter matches, so it costs `scanRows` too
 *   (the gateway cannot see the table; `scanRows` is the size it assumes for one);
 * - only `edges` is resolved once per row of the page: `totalCount` and `pageInfo` are not multiplied by
 *   `first`, and `first: 0` does not make them free.
 */
export function connectionCostEstimators(document: DocumentNode, scanRows: number): ComplexityEstimator[] {
  const fragments = fragmentsOf(document);
  const selectsTotalCount = (selectionSet: SelectionSetNode | undefined, seen: Set<string>): boolean =>
    (selectionSet?.selections ?? []).some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === 'totalCount';
      if (selection.kind === Kind.INLINE_FRAGMENT) return selectsTotalCount(selection.selectionSet, seen);
      const fragment = fragments.get(selection.name.value);
      if (!fragment || seen.has(fragment.name.value)) return false;
      seen.add(fragment.name.value);
      return selectsTotalCount(fragment.selectionSet, seen);
    });

  const connection: ComplexityEstimator = ({ type, field, node, args, childComplexity }) => {
    if (!isConnection(getNamedType(field.type))) return undefined;
    const pageSize = pageSizeOf(args, field);
    const scansForPage = SCANS_FOR_A_PAGE[`${type.name}.${field.name}`]?.(args) ?? false;
    const pageRows = scansForPage ? scanRows : pageSize + 1;
    const countRows = selectsTotalCount(node.selectionSet, new Set()) ? scanRows : 0;
    return 1 + pageRows + countRows + pageSize * childComplexity;
  };
  // Charged by the connection itself, once per call.
  const onceFromConnection: ComplexityEstimator = ({ type, field }) =>
    isConnection(type) && field.name !== 'edges' ? 0 : undefined;
  const plainField: ComplexityEstimator = ({ childComplexity }) => 1 + childComplexity;

  return [connection, onceFromConnection, plainField];
}
