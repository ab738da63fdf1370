import { useSubscription } from '@apollo/client/react';
import { graphql } from '../__generated__/gql.ts';
import { useSession } from '../auth/session.ts';

const AVAILABILITY = graphql(/* GraphQL */ `
  subscription ProductAvailability($productIds: [ID!]!) {
    productAvailabilityChanged(productIds: $productIds) { productId availableStock saleStatus }
  }
`);

/**
 * Keeps the cached products' `availableStock` and `saleStatus` current from the gateway's throttled stream
 * (at most 2 updates a second per product), so every view of a product re-renders on its own. The stream
 * needs a signed-in socket; an anonymous shelf shows the stock it loaded.
 */
export function useLiveAvailability(productIds: string[]): boolean {
  const session = useSession();
  const live = session !== null && productIds.length > 0;
  useSubscription(AVAILABILITY, {
    variables: { productIds },
    skip: !live,
    onData: ({ client, data }) => {
      const update = data.data?.productAvailabilityChanged;
      if (!update) return;
      client.cache.modify({
        id: client.cache.identify({ __typename: 'Product', id: update.productId }),
        fields: {
          availableStock: () => update.availableStock,
          saleStatus: () => update.saleStatus,
        },
      });
    },
  });
  return live;
}
