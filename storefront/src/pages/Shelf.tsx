import { useQuery } from '@apollo/client/react';
import { graphql } from '../__generated__/gql.ts';
import type { ShelfProductFragment } from '../__generated__/graphql.ts';
import { Alert } from '../components/Alert.tsx';
import { Countdown } from '../components/Countdown.tsx';
import { formatPrice } from '../components/format.ts';
import { SALE_LABELS, saleStateAt } from '../live/sale-state.ts';
import { useLiveAvailability } from '../live/use-live-availability.ts';
import { useServerNow } from '../live/use-server-now.ts';

// Operations in other files spread this fragment; codegen reads it from here.
graphql(/* GraphQL */ `
  fragment ShelfProduct on Product {
    id
    name
    description
    price
    availableStock
    purchaseLimit
    saleStatus
    saleStartsAt
    saleEndsAt
  }
`);

const SHELF = graphql(/* GraphQL */ `
  query Shelf {
    products(first: 50, filter: { saleStatus: [ON_SALE, UPCOMING, SOLD_OUT, ENDED] }) {
      edges { node { ...ShelfProduct } }
    }
  }
`);

export function StockLine({ product, now }: { product: ShelfProductFragment; now: number }) {
  const state = saleStateAt(product, now);
  return (
    <>
      <p className={`sale-state sale-${state}`}>{SALE_LABELS[state]}</p>
      {state === 'UPCOMING' && <Countdown startsAt={product.saleStartsAt} now={now} />}
      {(state === 'ON_SALE' || state === 'UPCOMING') && (
        <p className="stock" data-product-id={product.id}>
          <span className="stock-count">{product.availableStock}</span> left
        </p>
      )}
      <p className="limit">Limit {product.purchaseLimit} per buyer</p>
    </>
  );
}

export function Shelf() {
  // New sales appear on every visit; between visits the subscription keeps the stock current.
  const { data, error } = useQuery(SHELF, { fetchPolicy: 'cache-and-network' });
  const products = data?.products.edges.map((edge) => edge.node) ?? [];
  const live = useLiveAvailability(products.map((product) => product.id));
  const now = useServerNow();
  return (
    <section aria-labelledby="shelf-title">
      <h1 id="shelf-title">Flash sales</h1>
      <p className="hint">{live ? 'Stock updates live.' : 'Log in to watch the stock move live.'}</p>
      <Alert message={error ? 'The shelf could not be loaded.' : null} />
      <ul className="shelf">
        {products.map((product) => (
          <li key={product.id} className="card" aria-label={product.name}>
            <h2>
              <a href={`#/product/${product.id}`}>{product.name}</a>
            </h2>
            <p className="price">{formatPrice(product.price)}</p>
            <StockLine product={product} now={now} />
          </li>
        ))}
      </ul>
    </section>
  );
}
