import { randomUUID } from 'node:crypto';
import type { ApolloServer } from '@apollo/server';
import type { GatewayContext } from '../context.ts';
import type { ProductAvailability, ReadAvailability } from './availability-feed.ts';

const PRODUCT_AVAILABILITY = /* GraphQL */ `
  query ProductAvailability($id: ID!) {
    product(id: $id) { id availableStock saleStatus }
  }
`;

interface ProductView {
  id: string;
  availableStock: number;
  saleStatus: string;
}

/**
 * Reads availability through the supergraph as an anonymous caller (what any shelf may see), so catalog
 * stays the one owner of how available stock and sale status are computed. The read follows a stock movement
 * and must see it: it never joins a shelf's read already in flight (`freshReads`).
 */
export function createAvailabilityReader(apollo: ApolloServer<GatewayContext>): ReadAvailability {
  return async (productId): Promise<ProductAvailability | null> => {
    const response = await apollo.executeOperation<{ product: ProductView | null }>(
      { query: PRODUCT_AVAILABILITY, variables: { id: productId } },
      {
        contextValue: {
          viewer: null,
          token: null,
          requestId: randomUUID(),
          clientAddress: 'gateway',
          freshReads: true,
        },
      },
    );
    if (response.body.kind !== 'single') return null;
    const { data, errors } = response.body.singleResult;
    if (errors?.length) {
      throw new Error(`product(id: ${productId}) failed: ${errors.map((error) => error.message).join('; ')}`);
    }
    const product = data?.product;
    if (!product) return null;
    return { productId: product.id, availableStock: product.availableStock, saleStatus: product.saleStatus };
  };
}
