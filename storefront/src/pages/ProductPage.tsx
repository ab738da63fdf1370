import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { graphql } from '../__generated__/gql.ts';
import { refusalOf } from '../api/errors.ts';
import { useSession } from '../auth/session.ts';
import { newIdempotencyKey } from '../buy/idempotency-key.ts';
import { type Attempt, placeWithRetries } from '../buy/place-with-retries.ts';
import { Alert } from '../components/Alert.tsx';
import { formatPrice } from '../components/format.ts';
import { saleStateAt } from '../live/sale-state.ts';
import { useLiveAvailability } from '../live/use-live-availability.ts';
import { useServerNow } from '../live/use-server-now.ts';
import { StockLine } from './Shelf.tsx';

const PRODUCT = graphql(/* GraphQL */ `
  query Product($id: ID!) {
    product(id: $id) { ...ShelfProduct }
  }
`);

const PLACE_ORDER = graphql(/* GraphQL */ `
  mutation PlaceOrder($input: PlaceOrderInput!) {
    placeOrder(input: $input) { id status totalPrice }
  }
`);

const ADD_TO_CART = graphql(/* GraphQL */ `
  mutation AddToCart($productId: ID!, $quantity: Int!) {
    addToCart(productId: $productId, quantity: $quantity) { totalQuantity }
  }
`);

/** Tries per click: the first, then retries while the platform asks to wait. */
const MAX_ATTEMPTS = 5;

export function ProductPage({ id }: { id: string }) {
  const client = useApolloClient();
  const session = useSession();
  const { data, error } = useQuery(PRODUCT, { variables: { id } });
  useLiveAvailability([id]);
  const now = useServerNow();
  const [quantity, setQuantity] = useState(1);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [addToCart] = useMutation(ADD_TO_CART);
  const product = data?.product;

  if (error) return <Alert message="The product could not be loaded." />;
  if (!data) return <p>Loading…</p>;
  if (!product) return <Alert message="There is no such product." />;
  const open = saleStateAt(product, now) === 'ON_SALE';

  const buy = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setStatus('Placing your order…');
    const result = await placeWithRetries(newIdempotencyKey(), {
      send: async (idempotencyKey): Promise<Attempt<{ id: string }>> => {
        try {
          const { data: placed } = await client.mutate({
            mutation: PLACE_ORDER,
            variables: { input: { items: [{ productId: product.id, quantity }], idempotencyKey } },
          });
          return placed ? { ok: true, order: placed.placeOrder } : { ok: false, refusal: refusalOf(null) };
        } catch (caught) {
          return { ok: false, refusal: refusalOf(caught) };
        }
      },
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      onWait: (refusal, seconds) => setStatus(`${refusal.message} Trying again in ${seconds} s…`),
      maxAttempts: MAX_ATTEMPTS,
    });
    setBusy(false);
    if (result.ok) {
      setStatus(`Order placed. It is waiting for payment: follow it under My orders.`);
    } else {
      setStatus(null);
      setProblem(result.refusal.message);
    }
  };

  const addOne = async () => {
    setProblem(null);
    try {
      const { data: cart } = await addToCart({ variables: { productId: product.id, quantity } });
      setStatus(`Added to your cart (${cart?.addToCart.totalQuantity ?? quantity} items in it).`);
    } catch (caught) {
      setProblem(refusalOf(caught).message);
    }
  };

  return (
    <article aria-labelledby="product-title" className="product">
      <h1 id="product-title">{product.name}</h1>
      <p>{product.description}</p>
      <p className="price">{formatPrice(product.price)}</p>
      <StockLine product={product} now={now} />
      {session ? (
        <form onSubmit={buy} className="buy">
          <label htmlFor="quantity">Quantity</label>
          <input
            id="quantity"
            type="number"
            min={1}
            max={99}
            value={quantity}
            onChange={(event) => setQuantity(Math.max(1, Number(event.target.value) || 1))}
          />
          <button type="submit" disabled={!open || busy}>
            Buy now
          </button>
          <button type="button" onClick={addOne} disabled={busy}>
            Add to cart
          </button>
        </form>
      ) : (
        <p>
          <a href="#/login">Log in</a> or <a href="#/signup">sign up</a> to buy.
        </p>
      )}
      <Alert message={status} tone="status" />
      <Alert message={problem} />
    </article>
  );
}
