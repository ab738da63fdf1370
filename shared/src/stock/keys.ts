/**
 * Redis keys of one product share the hash tag `{p:<id>}`, so they live in one Redis Cluster slot and a
 * script can touch all of them atomically.
 */
export const stockKeys = (productId: string) => {
  const tag = `{p:${productId}}`;
  return {
    meta: `${tag}:meta`,
    stock: `${tag}:stock`,
    buyers: `${tag}:buyers`,
    holds: `${tag}:holds`,
    restored: `${tag}:restored`,
    /** Orders placed on the product, scored by when the marker expires: idempotent replays without MySQL. */
    placed: `${tag}:placed`,
  };
};

/** Set by catalog once every product's sale metadata is in Redis; gone means Redis lost its data. */
export const CATALOG_PUBLISHED_KEY = 'stock:catalog-published';

/** Products whose counters catalog found missing; orders rebuilds them (it knows the open holds). */
export const REBUILD_REQUESTS_KEY = 'stock:rebuild-requests';
