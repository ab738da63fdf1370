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
  };
};
