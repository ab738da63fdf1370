import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { graphql } from '../__generated__/gql.ts';
import { refusalOf } from '../api/errors.ts';
import { Alert } from '../components/Alert.tsx';
import { Field } from '../components/Field.tsx';

const PRODUCTS = graphql(/* GraphQL */ `
  query AdminProducts {
    products(first: 100) { edges { node { id name stock availableStock } } }
  }
`);

const CREATE = graphql(/* GraphQL */ `
  mutation CreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) { id name }
  }
`);

const RESTOCK = graphql(/* GraphQL */ `
  mutation RestockProduct($id: ID!, $quantity: Int!) {
    restockProduct(id: $id, quantity: $quantity) { id stock availableStock }
  }
`);

/** `datetime-local` gives the browser's local wall time; the API takes an instant. */
const instantOf = (local: string) => new Date(local).toISOString();

export function Admin() {
  const { data, refetch } = useQuery(PRODUCTS);
  const [create] = useMutation(CREATE);
  const [restock] = useMutation(RESTOCK);
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const run = (action: (form: FormData) => Promise<string>) => async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setProblem(null);
    const form = event.currentTarget;
    try {
      setStatus(await action(new FormData(form)));
      form.reset();
      await refetch();
    } catch (caught) {
      setProblem(refusalOf(caught).message);
    }
  };
  const value = (form: FormData, name: string) => String(form.get(name) ?? '');

  return (
    <section aria-labelledby="admin-title" className="form-page">
      <h1 id="admin-title">Admin</h1>
      <form
        aria-labelledby="create-title"
        onSubmit={run(async (form) => {
          const endsAt = value(form, 'saleEndsAt');
          const { data: created } = await create({
            variables: {
              input: {
                name: value(form, 'name'),
                description: value(form, 'description'),
                price: Number(value(form, 'price')),
                stock: Number(value(form, 'stock')),
                purchaseLimit: Number(value(form, 'purchaseLimit')),
                saleStartsAt: instantOf(value(form, 'saleStartsAt')),
                ...(endsAt ? { saleEndsAt: instantOf(endsAt) } : {}),
              },
            },
          });
          return `Created ${created?.createProduct.name ?? 'the product'}.`;
        })}
      >
        <h2 id="create-title">New product</h2>
        <Field label="Name" id="name" required />
        <Field label="Description" id="description" />
        <Field label="Price (KRW)" id="price" type="number" min={0} required />
        <Field label="Stock" id="stock" type="number" min={0} required />
        <Field
          label="Purchase limit per buyer"
          id="purchaseLimit"
          type="number"
          min={1}
          defaultValue={1}
          required
        />
        <Field label="Sale starts" id="saleStartsAt" type="datetime-local" step={1} required />
        <Field label="Sale ends (optional)" id="saleEndsAt" type="datetime-local" step={1} />
        <button type="submit">Create product</button>
      </form>
      <form
        aria-labelledby="restock-title"
        onSubmit={run(async (form) => {
          const { data: restocked } = await restock({
            variables: { id: value(form, 'product'), quantity: Number(value(form, 'quantity')) },
          });
          return `Restocked: ${restocked?.restockProduct.stock ?? '?'} on hand.`;
        })}
      >
        <h2 id="restock-title">Restock</h2>
        <div className="field">
          <label htmlFor="product">Product</label>
          <select id="product" name="product" required>
            {data?.products.edges.map(({ node }) => (
              <option key={node.id} value={node.id}>
                {node.name} ({node.stock} on hand, {node.availableStock} available)
              </option>
            ))}
          </select>
        </div>
        <Field label="Units to add" id="quantity" type="number" min={1} required />
        <button type="submit">Restock</button>
      </form>
      <Alert message={status} tone="status" />
      <Alert message={problem} />
    </section>
  );
}
