import { useMutation } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { graphql } from '../__generated__/gql.ts';
import { refusalOf } from '../api/errors.ts';
import { begin } from '../auth/session.ts';
import { Alert } from '../components/Alert.tsx';
import { Field } from '../components/Field.tsx';
import { navigate } from '../router.ts';

const REQUEST_CODE = graphql(/* GraphQL */ `
  mutation RequestCode($email: String!) {
    requestEmailVerification(email: $email)
  }
`);

const VERIFY = graphql(/* GraphQL */ `
  mutation VerifyEmail($email: String!, $code: String!) {
    verifyEmail(email: $email, code: $code) { verificationToken }
  }
`);

const SIGN_UP = graphql(/* GraphQL */ `
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) { ...AuthFields }
  }
`);

type Step =
  | { step: 'email' }
  | { step: 'code'; email: string }
  | { step: 'details'; email: string; token: string };

/** Email → the mailed 6-digit code → name, address and password; the new account is signed in. */
export function SignUp() {
  const [step, setStep] = useState<Step>({ step: 'email' });
  const [problem, setProblem] = useState<string | null>(null);
  const [requestCode] = useMutation(REQUEST_CODE);
  const [verify] = useMutation(VERIFY);
  const [signUp] = useMutation(SIGN_UP);

  const run = (action: (form: FormData) => Promise<void>) => async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setProblem(null);
    try {
      await action(new FormData(event.currentTarget));
    } catch (caught) {
      setProblem(refusalOf(caught).message);
    }
  };
  const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

  return (
    <section aria-labelledby="signup-title" className="form-page">
      <h1 id="signup-title">Sign up</h1>
      {step.step === 'email' && (
        <form
          onSubmit={run(async (form) => {
            const email = text(form, 'email');
            await requestCode({ variables: { email } });
            setStep({ step: 'code', email });
          })}
        >
          <Field label="Email" id="email" type="email" autoComplete="email" required />
          <button type="submit">Email me a code</button>
        </form>
      )}
      {step.step === 'code' && (
        <form
          onSubmit={run(async (form) => {
            const { data } = await verify({ variables: { email: step.email, code: text(form, 'code') } });
            if (data)
              setStep({ step: 'details', email: step.email, token: data.verifyEmail.verificationToken });
          })}
        >
          <p>We sent a 6-digit code to {step.email}.</p>
          <Field
            label="Code"
            id="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="\d{6}"
            required
          />
          <button type="submit">Verify</button>
        </form>
      )}
      {step.step === 'details' && (
        <form
          onSubmit={run(async (form) => {
            const phone = text(form, 'phone');
            const { data } = await signUp({
              variables: {
                input: {
                  email: step.email,
                  verificationToken: step.token,
                  name: text(form, 'name'),
                  address: text(form, 'address'),
                  password: String(form.get('password') ?? ''),
                  ...(phone ? { phone } : {}),
                },
              },
            });
            if (data) {
              begin(data.signUp);
              navigate('#/');
            }
          })}
        >
          <Field label="Name" id="name" autoComplete="name" required />
          <Field label="Address" id="address" autoComplete="street-address" required />
          <Field label="Phone (optional)" id="phone" type="tel" autoComplete="tel" />
          <Field
            label="Password"
            id="password"
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
          />
          <button type="submit">Create account</button>
        </form>
      )}
      <Alert message={problem} />
    </section>
  );
}
