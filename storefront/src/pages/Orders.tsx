import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../__generated__/gql.ts';
import type { OrderCardFragment } from '../__generated__/graphql.ts';
import { refusalOf } from '../api/errors.ts';
import { Alert } from '../components/Alert.tsx';
import { formatMoment, formatPrice } from '../components/format.ts';
import { canCancel, canReturn, STATUS_WORDS } from '../live/order-actions.ts';

// The operations below spread this fragment; codegen reads it from here.
graphql(/* GraphQL */ `
  fragment OrderCard on Order {
    id
    status
    totalPrice
    createdAt
    items { quantity unitPrice product { id name } }
    statusHistory { from to at reason }
  }
`);

const MY_ORDERS = graphql(/* GraphQL */ `
  query MyOrders($after: String) {
    me {
      id
      orders(first: 5, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { ...OrderCard } }
      }
    }
  }
`);

const STATUS_CHANGED = graphql(/* GraphQL */ `
  subscription OrderStatusChanged {
    orderStatusChanged { id status statusHistory { from to at reason } }
  }
`);

const CANCEL = graphql(/* GraphQL */ `
  mutation CancelOrder($id: ID!) {
    cancelOrder(id: $id) { ...OrderCard }
  }
`);

const RETURN = graphql(/* GraphQL */ `
  mutation RequestReturn($id: ID!, $reason: String) {
    requestReturn(id: $id, reason: $reason) { ...OrderCard }
  }
`);

function OrderCard({
  order,
  onProblem,
}: {
  order: OrderCardFragment;
  onProblem: (text: string | null) => void;
}) {
  const [cancel, { loading: cancelling }] = useMutation(CANCEL);
  const [requestReturn, { loading: returning }] = useMutation(RETURN);
  const act = async (action: () => Promise<unknown>) => {
    onProblem(null);
    try {
      await action();
    } catch (caught) {
      onProblem(refusalOf(caught).message);
    }
  };
  const title = order.items.map((item) => `${item.quantity} × ${item.product.name}`).join(', ');
  return (
    <li className="card order" aria-label={`Order ${order.id}`}>
      <h2>{title}</h2>
      <p>
        {formatPrice(order.totalPrice)}, ordered {formatMoment(order.createdAt)}
      </p>
      <p className="order-status" data-order-id={order.id} data-status={order.status}>
        Status: <strong>{STATUS_WORDS[order.status]}</strong>
      </p>
      <ol className="history" aria-label="Status history">
        {order.statusHistory.map((change) => (
          <li key={`${change.to}-${change.at}`}>
            <time dateTime={change.at}>{formatMoment(change.at)}</time> {STATUS_WORDS[change.to]}
            {change.reason ? ` (${change.reason})` : ''}
          </li>
        ))}
      </ol>
      {canCancel(order.status) && (
        <button
          type="button"
          disabled={cancelling}
          onClick={() => act(() => cancel({ variables: { id: order.id } }))}
        >
          Cancel order <span className="visually-hidden">{title}</span>
        </button>
      )}
      {canReturn(order.status) && (
        <button
          type="button"
          disabled={returning}
          onClick={() =>
            act(() => requestReturn({ variables: { id: order.id, reason: 'Requested in the storefront' } }))
          }
        >
          Request a return <span className="visually-hidden">of {title}</span>
        </button>
      )}
    </li>
  );
}

/** The buyer's orders in pages of five, newest first; each one's status moves on its own. */
export function Orders() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const { data, error, refetch } = useQuery(MY_ORDERS, {
    variables: { after },
    fetchPolicy: 'cache-and-network',
  });
  const [problem, setProblem] = useState<string | null>(null);
  const page = data?.me?.orders;
  useSubscription(STATUS_CHANGED, {
    onData: ({ data: event }) => {
      const changed = event.data?.orderStatusChanged;
      // An order placed after this page loaded is not in the cache yet: the newest page shows it.
      if (changed && after === null && !page?.edges.some((edge) => edge.node.id === changed.id))
        void refetch();
    },
  });

  if (error) return <Alert message="Your orders could not be loaded." />;
  if (!data) return <p>Loading…</p>;
  if (!page) return <Alert message="Log in to see your orders." />;
  return (
    <section aria-labelledby="orders-title">
      <h1 id="orders-title">My orders</h1>
      <p>
        {page.totalCount} {page.totalCount === 1 ? 'order' : 'orders'}
      </p>
      <ul className="orders">
        {page.edges.map(({ node }) => (
          <OrderCard key={node.id} order={node} onProblem={setProblem} />
        ))}
      </ul>
      <nav aria-label="Order pages" className="pager">
        <button
          type="button"
          disabled={cursors.length === 1}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          Newer orders
        </button>
        <button
          type="button"
          disabled={!page.pageInfo.hasNextPage}
          onClick={() => setCursors([...cursors, page.pageInfo.endCursor ?? null])}
        >
          Older orders
        </button>
      </nav>
      <Alert message={problem} />
    </section>
  );
}
