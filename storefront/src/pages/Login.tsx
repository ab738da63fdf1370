import { useMutation } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { graphql } from '../__generated__/gql.ts';
import { refusalOf } from '../api/errors.ts';
import { begin } from '../auth/session.ts';
import { Alert } from '../components/Alert.tsx';
import { Field } from '../components/Field.tsx';
import { navigate } from '../router.ts';

const LOGIN = graphql(/* GraphQL */ `
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) { ...AuthFields }
  }
`);

export function Login() {
  const [problem, setProblem] = useState<string | null>(null);
  const [login, { loading }] = useMutation(LOGIN);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setProblem(null);
    const form = new FormData(event.currentTarget);
    try {
      const { data } = await login({
        variables: { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') },
      });
      if (data) {
        begin(data.login);
        navigate('#/');
      }
    } catch (caught) {
      setProblem(refusalOf(caught).message);
    }
  };
  return (
    <section aria-labelledby="login-title" className="form-page">
      <h1 id="login-title">Log in</h1>
      <form onSubmit={submit}>
        <Field label="Email" id="email" type="email" autoComplete="email" required />
        <Field label="Password" id="password" type="password" autoComplete="current-password" required />
        <button type="submit" disabled={loading}>
          Log in
        </button>
      </form>
      <p>
        New here? <a href="#/signup">Sign up</a>
      </p>
      <Alert message={problem} />
    </section>
  );
}
