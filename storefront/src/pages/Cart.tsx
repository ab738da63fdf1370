import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../__generated__/gql.ts';
import { refusalOf } from '../api/errors.ts';
import { newIdempotencyKey } from '../buy/idempotency-key.ts';
import { Alert } from '../components/Alert.tsx';
import { formatPrice } from '../components/format.ts';

// The operations below spread this fragment; codegen reads it from here.
graphql(/* GraphQL */ `
  fragment CartFields on Cart {
    totalQuantity
    totalPrice
    items { quantity product { id name price } }
  }
`);

const CART = graphql(/* GraphQL */ `
  query Cart {
    me { id cart { ...CartFields } }
  }
`);

const UPDATE = graphql(/* GraphQL */ `
  mutation UpdateCartItem($productId: ID!, $quantity: Int!) {
    updateCartItem(productId: $productId, quantity: $quantity) { ...CartFields }
  }
`);

const REMOVE = graphql(/* GraphQL */ `
  mutation RemoveFromCart($productId: ID!) {
    removeFromCart(productId: $productId) { ...CartFields }
  }
`);

const CHECKOUT = graphql(/* GraphQL */ `
  mutation CheckoutCart($idempotencyKey: String!) {
    checkoutCart(idempotencyKey: $idempotencyKey) { id status }
  }
`);

export function Cart() {
  const { data, error, refetch } = useQuery(CART, { fetchPolicy: 'cache-and-network' });
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [update] = useMutation(UPDATE);
  const [remove] = useMutation(REMOVE);
  const [checkout, { loading }] = useMutation(CHECKOUT);
  const cart = data?.me?.cart;

  const attempt = async (action: () => Promise<unknown>, done: string) => {
    setProblem(null);
    try {
      await action();
      setStatus(done);
      await refetch();
    } catch (caught) {
      setProblem(refusalOf(caught).message);
    }
  };

  if (error) return <Alert message="Your cart could not be loaded." />;
  if (!cart) return <p>Loading…</p>;
  return (
    <section aria-labelledby="cart-title">
      <h1 id="cart-title">Your cart</h1>
      {cart.items.length === 0 ? (
        <p>Your cart is empty.</p>
      ) : (
        <table className="cart">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Quantity</th>
              <th scope="col">Price</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {cart.items.map(({ product, quantity }) => (
              <tr key={product.id}>
                <th scope="row">{product.name}</th>
                <td>
                  <label className="visually-hidden" htmlFor={`qty-${product.id}`}>
                    Quantity of {product.name}
                  </label>
                  <input
                    id={`qty-${product.id}`}
                    type="number"
                    min={0}
                    max={99}
                    defaultValue={quantity}
                    onBlur={(event) => {
                      const next = Number(event.currentTarget.value);
                      if (next !== quantity)
                        void attempt(
                          () => update({ variables: { productId: product.id, quantity: next } }),
                          'Cart updated.',
                        );
                    }}
                  />
                </td>
                <td>{formatPrice(product.price * quantity)}</td>
                <td>
                  <button
                    type="button"
                    onClick={() =>
                      attempt(
                        () => remove({ variables: { productId: product.id } }),
                        `${product.name} removed.`,
                      )
                    }
                  >
                    Remove <span className="visually-hidden">{product.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="total">
        {cart.totalQuantity} items, {formatPrice(cart.totalPrice)}
      </p>
      <button
        type="button"
        disabled={loading || cart.items.length === 0}
        onClick={() =>
          attempt(
            () => checkout({ variables: { idempotencyKey: newIdempotencyKey() } }),
            'Order placed. Follow it under My orders.',
          )
        }
      >
        Check out
      </button>
      <Alert message={status} tone="status" />
      <Alert message={problem} />
    </section>
  );
}
