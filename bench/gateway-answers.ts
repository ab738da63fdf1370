import {
  type GatewaysContext,
  OPERATIONS,
  type Operation,
  READER_ORDERS,
  requestsFor,
  type Sessions,
  TARGETS,
} from './gateway-requests.ts';

interface OrderNode {
  status: string;
  items: { product: { name: string } | null }[];
  payment: { status: string } | null;
}

interface Answer {
  data?: {
    product?: { id: string } | null;
    me?: { orders: { edges: { node: OrderNode }[] } } | null;
    placeOrder?: { id: string } | null;
  } | null;
  errors?: unknown[];
}

/**
 * What a buyer must get back. A run only sees "data and no errors", and a token a gateway ignored would still
 * answer that way, with `me: null`: so each target shows, once, that it answers each operation in full.
 */
const ANSWERED: Record<Operation, (answer: Answer, productId: string) => boolean> = {
  product: (answer, productId) => answer.data?.product?.id === productId,
  myOrders: (answer) => {
    const edges = answer.data?.me?.orders.edges ?? [];
    return (
      edges.length === READER_ORDERS &&
      edges.every(({ node }) => Boolean(node.payment?.status && node.items[0]?.product?.name))
    );
  },
  placeOrder: (answer) => typeof answer.data?.placeOrder?.id === 'string',
};

/** One request per operation and target before any run; throws with the answers that fell short. */
export async function checkAnswers(context: GatewaysContext, sessions: Sessions): Promise<void> {
  const wrong: string[] = [];
  for (const operation of OPERATIONS) {
    for (const target of TARGETS) {
      const load = requestsFor(context, operation, target, sessions);
      if (!load) continue;
      const { body, headers } = load.next();
      const response = await fetch(load.url, { method: 'POST', headers, body });
      const text = await response.text();
      if (!ANSWERED[operation](JSON.parse(text) as Answer, context.productId))
        wrong.push(`${operation} through ${target}: ${text.slice(0, 300)}`);
    }
  }
  if (wrong.length > 0) throw new Error(`wrong answers before measuring:\n${wrong.join('\n')}`);
}
