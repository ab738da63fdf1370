import assert from 'node:assert/strict';
import { createHmac, randomUUID, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { SIGNED_CONTEXT_HEADERS, signUserContext, subgraphSigningKey } from '@fcfs/shared';
import { codeFromMail, requireTestEnv } from '@fcfs/shared/testing';
import {
  BUYER_PASSWORD,
  type Buyer,
  createProduct,
  dataOf,
  eventually,
  loginAdmin,
  signUpBuyer,
  uniqueEmail,
} from '../support/buyers.ts';
import { type GraphQLResult, Platform, type Service } from '../support/platform.ts';

// What a hostile client can do to the real processes: forge identities, forge tokens, send bombs and
// injection strings through every text input. Clients reach the gateway only; attackers may also reach
// the subgraphs directly.
let platform: Platform;
let adminToken: string;

before(async () => {
  // Many orders from one buyer within a minute is the point here, not what the per-user limit guards.
  platform = await Platform.start({ gateway: { RATE_LIMIT_PLACE_ORDER_PER_USER: '1000' } });
  adminToken = await loginAdmin(platform);
});
after(() => platform?.close());

/** Strings that break naive SQL, HTML, template and byte handling; each must come back as plain text. */
const HOSTILE = [
  "'; DROP TABLE users; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
  '{{7*7}} ${7*7} #{7*7}',
  '100%_off \\ [a-z]',
  'Ünïcödé 한글 主 🛒🔥👩‍👩‍👧',
  'null\u0000byte',
] as const;
const NULL_BYTE = 'null\u0000byte';
/** What every free-text field stores: the hostile strings but the control character, which is refused. */
const STORABLE = HOSTILE.filter((text) => text !== NULL_BYTE);

/** Fragments of what must never reach a client: stacks, driver and SQL text, internal hosts and paths. */
const LEAKS = [
  /stacktrace/i,
  /\bat [\w.<>]+ \(/,
  /\.ts:\d+/,
  /node_modules/,
  /\/work\//,
  /\bER_[A-Z_]+/,
  /\bsql/i,
  /\bSELECT\b/,
  /\bINSERT INTO\b/,
  /\bmysql|mariadb|ioredis|kafka/i,
  /127\.0\.0\.1|localhost|:\d{4,5}\/graphql/,
];

function assertNoLeak(result: unknown): void {
  const text = JSON.stringify(result);
  for (const leak of LEAKS) assert.doesNotMatch(text, leak, `response leaks ${leak}: ${text}`);
}

/** The whole client-visible response, with `locations` dropped: they only repeat the query's layout. */
type ClientError = { message: string; extensions?: Record<string, unknown>; path?: (string | number)[] };

function shapeOf(result: { status: number; data?: unknown; errors?: ClientError[] }) {
  return {
    status: result.status,
    ...(result.data !== undefined ? { data: result.data } : {}),
    ...(result.errors
      ? {
          errors: result.errors.map(({ message, extensions, path }) => ({
            message,
            extensions,
            ...(path ? { path } : {}),
          })),
        }
      : {}),
  };
}

async function postTo(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as GraphQLResult<unknown> };
}

describe('forged identities and the federation entry points', () => {
  const NOT_SIGNED = 'This service only answers requests signed by the gateway';
  let buyer: Buyer;
  let productId: string;
  // Refusals must not depend on whether the order exists; the genuine control call then just finds nothing.
  const orderId = `order-${randomUUID()}`;

  before(async () => {
    buyer = await signUpBuyer(platform);
    productId = await createProduct(platform, adminToken, { name: `forgery ${randomUUID()}`, stock: 5 });
  });

  /** What an attacker inside the network would send each subgraph to act as the buyer or as an admin. */
  const attacks = (): Record<
    Exclude<Service, 'gateway'>,
    { query: string; variables: Record<string, unknown> }
  > => ({
    users: { query: /* GraphQL */ `{ me { id email address role } }`, variables: {} },
    catalog: {
      query: /* GraphQL */ `mutation($id: ID!) { restockProduct(id: $id, quantity: 1000) { id stock } }`,
      variables: { id: productId },
    },
    orders: {
      query: /* GraphQL */ `query($id: ID!) { order(id: $id) { id status } }`,
      variables: { id: orderId },
    },
    payments: {
      query: /* GraphQL */ `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { payment { id status } } } }`,
      variables: { r: [{ __typename: 'Order', id: orderId }] },
    },
  });

  test('forged x-fcfs-user-id, x-user-id and stale, guessed or misdirected signatures get 401 from every subgraph', async () => {
    const secret = requireTestEnv('GATEWAY_SIGNING_SECRET');
    for (const [service, operation] of Object.entries(attacks())) {
      const url = platform.urlOf(service as Service);
      const key = subgraphSigningKey(secret, service);
      const otherSubgraph = service === 'payments' ? 'users' : 'payments';
      const identity = {
        [SIGNED_CONTEXT_HEADERS.userId]: buyer.id,
        [SIGNED_CONTEXT_HEADERS.role]: 'ADMIN',
        'x-user-id': buyer.id,
        'x-user-role': 'ADMIN',
      };
      const genuine = signUserContext(key, { id: buyer.id, role: 'ADMIN' }, operation);
      const forgeries: Record<string, Record<string, string>> = {
        'identity headers alone': identity,
        'a guessed signature': {
          ...identity,
          [SIGNED_CONTEXT_HEADERS.timestamp]: String(Date.now()),
          [SIGNED_CONTEXT_HEADERS.signature]: `v3=${createHmac('sha256', 'secret').update(buyer.id).digest('base64url')}`,
        },
        'a genuine signature two minutes old': signUserContext(
          key,
          { id: buyer.id, role: 'ADMIN' },
          operation,
          { now: Date.now() - 120_000 },
        ),
        'a genuine signature with the role raised afterwards': {
          ...signUserContext(key, { id: buyer.id, role: 'CUSTOMER' }, operation),
          [SIGNED_CONTEXT_HEADERS.role]: 'ADMIN',
        },
        'a genuine signature over another query': signUserContext(
          key,
          { id: buyer.id, role: 'ADMIN' },
          { query: '{ __typename }' },
        ),
        'a genuine signature made for another subgraph': signUserContext(
          subgraphSigningKey(secret, otherSubgraph),
          { id: buyer.id, role: 'ADMIN' },
          operation,
        ),
      };
      for (const [forgery, headers] of Object.entries(forgeries)) {
        const result = await postTo(url, operation, headers);
        assert.deepEqual(
          {
            status: result.status,
            errors: result.body.errors?.map(({ message, extensions }) => ({ message, extensions })),
          },
          { status: 401, errors: [{ message: NOT_SIGNED, extensions: { code: 'UNAUTHENTICATED' } }] },
          `${service} with ${forgery}`,
        );
        assert.equal(result.body.data, undefined, `${service} with ${forgery} answered data`);
        assertNoLeak(result.body);
      }
      // The same request signed the gateway's way is answered, so the refusals above are the signature's doing.
      const accepted = await postTo(url, operation, genuine);
      assert.equal(accepted.status, 200, `${service} refused a genuine signature: ${accepted.text}`);
      assert.equal(accepted.body.errors, undefined, `${service}: ${accepted.text}`);
    }
    const { product } = dataOf(
      await platform.graphql<{ product: { stock: number } }>(
        /* GraphQL */ `query($id: ID!) { product(id: $id) { stock } }`,
        { id: productId },
      ),
    );
    // Only the genuinely signed restock went through.
    assert.equal(product.stock, 1005);
  });

  test('_service and _entities are not in the public API, and unsigned they get 401 from every subgraph', async () => {
    const throughGateway = [
      /* GraphQL */ `{ _service { sdl } }`,
      /* GraphQL */ `{ _entities(representations: [{ __typename: "User", id: "1" }]) { ... on User { email } } }`,
    ];
    const gatewayAnswers = await Promise.all(throughGateway.map((query) => platform.graphql(query)));
    assert.deepEqual(
      gatewayAnswers.map((result) => ({
        status: result.status,
        data: result.data,
        errors: result.errors?.map(({ message, extensions }) => ({ message, code: extensions?.code })),
      })),
      [
        {
          status: 400,
          data: undefined,
          errors: [
            { message: 'Cannot query field "_service" on type "Query".', code: 'GRAPHQL_VALIDATION_FAILED' },
          ],
        },
        {
          status: 400,
          data: undefined,
          errors: [
            { message: 'Cannot query field "_entities" on type "Query".', code: 'GRAPHQL_VALIDATION_FAILED' },
          ],
        },
      ],
    );

    const sdl = { query: /* GraphQL */ `{ _service { sdl } }` };
    const users = {
      query: /* GraphQL */ `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email address } } }`,
      variables: { r: [{ __typename: 'User', id: buyer.id }] },
    };
    for (const service of ['users', 'catalog', 'orders', 'payments'] as const) {
      for (const body of [sdl, users]) {
        const result = await postTo(platform.urlOf(service), body);
        assert.deepEqual(
          result.body,
          { errors: [{ message: NOT_SIGNED, extensions: { code: 'UNAUTHENTICATED' } }] },
          `${service}: ${body.query}`,
        );
        assert.equal(result.status, 401);
      }
    }
  });
});

/** Every response is scanned for leaks, and compared whole: status, data and errors. */
async function call(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const result = await platform.graphql<unknown>(query, variables, token);
  assertNoLeak(result);
  return shapeOf(result);
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('forged and broken access tokens', () => {
  test('tampered, expired, alg none, HS256-guessed and foreign tokens are UNAUTHENTICATED', async () => {
    const buyer = await signUpBuyer(platform);
    const privateKey = readFileSync(requireTestEnv('JWT_PRIVATE_KEY_FILE'), 'utf8');
    const publicKey = readFileSync(requireTestEnv('JWT_PUBLIC_KEY_FILE'), 'utf8');
    const now = Math.floor(Date.now() / 1000);
    const claims = (overrides: Record<string, unknown> = {}) => ({
      sub: buyer.id,
      role: 'CUSTOMER',
      jti: randomUUID(),
      iat: now,
      exp: now + 600,
      iss: requireTestEnv('JWT_ISSUER'),
      aud: requireTestEnv('JWT_AUDIENCE'),
      ...overrides,
    });
    const es256 = (payload: unknown) => {
      const signed = `${base64url({ alg: 'ES256', typ: 'JWT' })}.${base64url(payload)}`;
      const signature = sign('sha256', Buffer.from(signed), { key: privateKey, dsaEncoding: 'ieee-p1363' });
      return `${signed}.${signature.toString('base64url')}`;
    };
    const hs256 = (secret: string, payload: unknown) => {
      const signed = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(payload)}`;
      return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
    };
    const [header, payload, signature] = buyer.accessToken.split('.');
    const realClaims = JSON.parse(Buffer.from(String(payload), 'base64url').toString('utf8')) as object;

    const ME = /* GraphQL */ `{ me { id role } }`;
    // The forging helper itself works: with honest claims its token is accepted.
    assert.deepEqual(await call(ME, {}, es256(claims())), {
      status: 200,
      data: { me: { id: buyer.id, role: 'CUSTOMER' } },
    });

    const invalid = 'The access token is invalid';
    const forged: [string, string, string][] = [
      [
        'a real token with the role raised',
        `${header}.${base64url({ ...realClaims, role: 'ADMIN' })}.${signature}`,
        invalid,
      ],
      [
        'a real token for another subject',
        `${header}.${base64url({ ...realClaims, sub: '1' })}.${signature}`,
        invalid,
      ],
      [
        'an expired token',
        es256(claims({ iat: now - 3_600, exp: now - 2_700 })),
        'The access token has expired',
      ],
      [
        'alg: none',
        `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims({ role: 'ADMIN' }))}.`,
        invalid,
      ],
      ['HS256 with a guessed secret', hs256('secret', claims({ role: 'ADMIN' })), invalid],
      ['HS256 with the public key as secret', hs256(publicKey, claims({ role: 'ADMIN' })), invalid],
      ['another issuer', es256(claims({ iss: 'https://issuer.example' })), invalid],
      ['another audience', es256(claims({ aud: 'another-api' })), invalid],
      [
        'an injection as the token',
        "' OR 1=1 --",
        'Send the access token as `Authorization: Bearer <token>`',
      ],
    ];
    for (const [forgery, token, message] of forged) {
      assert.deepEqual(
        await call(ME, {}, token),
        { status: 401, errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] },
        forgery,
      );
    }
  });
});

describe('query bombs and oversized bodies', () => {
  const tooComplex = (message: string) => ({
    status: 400,
    errors: [{ message, extensions: { code: 'QUERY_TOO_COMPLEX' } }],
  });

  test('an alias bomb is QUERY_TOO_COMPLEX', async () => {
    const aliases = Array.from({ length: 40 }, (_, index) => `p${index}: products(first: 1) { totalCount }`);
    assert.deepEqual(
      await call(`query AliasBomb { ${aliases.join(' ')} }`),
      tooComplex('Aliases limit of 30 exceeded, found 40.'),
    );
  });

  test('a depth bomb through the order → user → orders cycle is QUERY_TOO_COMPLEX, even behind fragments', async () => {
    const buyer = await signUpBuyer(platform);
    const cycle = (turns: number): string =>
      turns === 0 ? 'id' : `user { orders { edges { node { ${cycle(turns - 1)} } } } }`;
    assert.deepEqual(
      await call(`query DepthBomb { order(id: "1") { ${cycle(3)} } }`, {}, buyer.accessToken),
      tooComplex('Query depth limit of 12 exceeded, found 14.'),
    );
    const fragments = /* GraphQL */ `
      query FragmentBomb { me { ...A } }
      fragment A on User { orders { edges { node { user { ...B } } } } }
      fragment B on User { orders { edges { node { user { ...C } } } } }
      fragment C on User { orders { edges { node { user { ...D } } } } }
      fragment D on User { orders { edges { node { id } } } }
    `;
    assert.deepEqual(
      await call(fragments, {}, buyer.accessToken),
      tooComplex('Query depth limit of 12 exceeded, found 17.'),
    );
  });

  test('a huge body is refused with 413 and no stack trace, as query text or as variables', async () => {
    const hugeQuery = await postTo(platform.gatewayUrl, {
      query: `{ __typename } # ${'x'.repeat(200 * 1024)}`,
    });
    const hugeVariables = await postTo(
      platform.gatewayUrl,
      {
        query: /* GraphQL */ `mutation($input: UpdateProductInput!) { updateProduct(id: "1", input: $input) { id } }`,
        variables: { input: { description: "'; DROP TABLE products; --".repeat(40_000) } },
      },
      { authorization: `Bearer ${adminToken}` },
    );
    for (const result of [hugeQuery, hugeVariables]) {
      assertNoLeak(result.text);
      assert.deepEqual(
        { status: result.status, body: result.body },
        {
          status: 413,
          body: {
            errors: [{ message: 'The request body is too large', extensions: { code: 'BAD_REQUEST' } }],
          },
        },
      );
    }
  });
});

/** The subgraph owning each mutation: the gateway names it in `extensions.serviceName` of a forwarded error. */
const OWNER = {
  signUp: 'users',
  updateProfile: 'users',
  requestEmailVerification: 'users',
  verifyEmail: 'users',
  createProduct: 'catalog',
  updateProduct: 'catalog',
  placeOrder: 'orders',
  requestReturn: 'orders',
} as const;

const badInput = (message: string, operation: keyof typeof OWNER, field: string) => ({
  status: 200,
  data: null,
  errors: [
    {
      message,
      extensions: { code: 'BAD_USER_INPUT', field, serviceName: OWNER[operation] },
      path: [operation],
    },
  ],
});

describe('injection and odd text in every text input', () => {
  test('sign-up and profile keep hostile names and addresses verbatim; control characters and non-phones are BAD_USER_INPUT', async () => {
    const email = uniqueEmail('hostile');
    dataOf(
      await platform.graphql(
        /* GraphQL */ `mutation($email: String!) { requestEmailVerification(email: $email) }`,
        { email },
      ),
    );
    const code = await codeFromMail(email, 1, 30_000);
    const { verifyEmail } = dataOf(
      await platform.graphql<{ verifyEmail: { verificationToken: string } }>(
        /* GraphQL */ `mutation($email: String!, $code: String!) { verifyEmail(email: $email, code: $code) { verificationToken } }`,
        { email, code },
      ),
    );
    const SIGN_UP = /* GraphQL */ `
      mutation($input: SignUpInput!) { signUp(input: $input) { accessToken user { email name address phone role } } }
    `;
    const input = {
      email,
      password: BUYER_PASSWORD,
      name: "'; DROP TABLE users; --",
      address: HOSTILE.filter((text) => text !== NULL_BYTE).join('\n'),
      phone: '+82 10-1234-5678',
      verificationToken: verifyEmail.verificationToken,
    };
    assert.deepEqual(
      await call(SIGN_UP, { input: { ...input, name: NULL_BYTE } }),
      badInput('input.name: must not contain control characters', 'signUp', 'input.name'),
    );
    assert.deepEqual(
      await call(SIGN_UP, { input: { ...input, phone: '" OR 1=1 --' } }),
      badInput(
        'input.phone: must be 7 to 26 digits, spaces, dashes or brackets, with an optional leading +',
        'signUp',
        'input.phone',
      ),
    );
    const signedUp = await call(SIGN_UP, { input });
    const accessToken =
      (signedUp.data as { signUp: { accessToken: string } } | undefined)?.signUp.accessToken ?? '';
    assert.deepEqual(signedUp, {
      status: 200,
      data: {
        signUp: {
          accessToken,
          user: { email, name: input.name, address: input.address, phone: input.phone, role: 'CUSTOMER' },
        },
      },
    });

    const UPDATE = /* GraphQL */ `
      mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { name address phone } }
    `;
    const ME = /* GraphQL */ `{ me { email name address phone role } }`;
    for (const text of HOSTILE) {
      const updated = await call(UPDATE, { input: { name: text, address: `${text}\n${text}` } }, accessToken);
      const stored = await call(ME, {}, accessToken);
      if (text === NULL_BYTE) {
        assert.deepEqual(
          updated,
          badInput('input.name: must not contain control characters', 'updateProfile', 'input.name'),
        );
        assert.deepEqual(
          await call(UPDATE, { input: { address: text } }, accessToken),
          badInput(
            'input.address: must not contain control characters other than line breaks',
            'updateProfile',
            'input.address',
          ),
        );
        continue;
      }
      const profile = { name: text, address: `${text}\n${text}`, phone: input.phone };
      assert.deepEqual(updated, { status: 200, data: { updateProfile: profile } }, text);
      assert.deepEqual(stored, { status: 200, data: { me: { ...profile, email, role: 'CUSTOMER' } } }, text);
      assert.deepEqual(
        await call(UPDATE, { input: { phone: text } }, accessToken),
        badInput(
          'input.phone: must be 7 to 26 digits, spaces, dashes or brackets, with an optional leading +',
          'updateProfile',
          'input.phone',
        ),
        text,
      );
    }
  });

  test('emails, codes and passwords from injections are BAD_USER_INPUT or INVALID_CREDENTIALS, never a login', async () => {
    const buyer = await signUpBuyer(platform);
    const REQUEST = /* GraphQL */ `mutation($email: String!) { requestEmailVerification(email: $email) }`;
    const VERIFY = /* GraphQL */ `
      mutation($email: String!, $code: String!) { verifyEmail(email: $email, code: $code) { verificationToken } }
    `;
    const LOGIN = /* GraphQL */ `
      mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }
    `;
    const notAnEmail = (path: 'requestEmailVerification' | 'verifyEmail') =>
      badInput('email: is not a valid email address', path, 'email');
    const wrongCredentials = {
      status: 200,
      data: null,
      errors: [
        {
          message: 'Email or password is wrong',
          extensions: { code: 'INVALID_CREDENTIALS', serviceName: 'users' },
          path: ['login'],
        },
      ],
    };
    for (const text of HOSTILE) {
      assert.deepEqual(await call(REQUEST, { email: text }), notAnEmail('requestEmailVerification'), text);
      assert.deepEqual(await call(VERIFY, { email: text, code: '123456' }), notAnEmail('verifyEmail'), text);
      assert.deepEqual(
        await call(VERIFY, { email: buyer.email, code: text }),
        badInput('code: must be the 6 digits from the mail', 'verifyEmail', 'code'),
        text,
      );
      assert.deepEqual(await call(LOGIN, { email: text, password: text }), wrongCredentials, text);
    }
    // The classic: a real account's email with a tautology, or a tautology as its password.
    for (const [email, password] of [
      [`${buyer.email}' OR '1'='1`, BUYER_PASSWORD],
      [`${buyer.email}'; --`, 'anything'],
      [buyer.email, "' OR '1'='1"],
    ]) {
      assert.deepEqual(await call(LOGIN, { email, password }), wrongCredentials, `${email} / ${password}`);
    }
  });

  test('product names, descriptions and name search treat injections as plain text', async () => {
    const tag = `inj-${randomUUID().slice(0, 8)}`;
    const PRODUCT_FIELDS = 'id name description';
    const CREATE = /* GraphQL */ `
      mutation($input: CreateProductInput!) { createProduct(input: $input) { ${PRODUCT_FIELDS} } }
    `;
    const UPDATE = /* GraphQL */ `
      mutation($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { ${PRODUCT_FIELDS} } }
    `;
    const READ = /* GraphQL */ `query($id: ID!) { product(id: $id) { ${PRODUCT_FIELDS} } }`;
    const SEARCH = /* GraphQL */ `
      query($search: String!) { products(first: 50, filter: { search: $search }) { totalCount edges { node { name } } } }
    `;
    const saleStartsAt = new Date(Date.now() - 60_000).toISOString();
    const created = new Map<string, string>();
    for (const text of STORABLE) {
      const name = `${tag} ${text}`;
      const result = await call(
        CREATE,
        { input: { name, description: text, price: 1_000, stock: 1, saleStartsAt } },
        adminToken,
      );
      const id = (result.data as { createProduct?: { id: string } } | null)?.createProduct?.id ?? '';
      assert.deepEqual(
        result,
        { status: 200, data: { createProduct: { id, name, description: text } } },
        text,
      );
      assert.deepEqual(await call(READ, { id }), {
        status: 200,
        data: { product: { id, name, description: text } },
      });
      created.set(text, id);
    }

    assert.deepEqual(
      await call(
        CREATE,
        { input: { name: `${tag} ${NULL_BYTE}`, price: 1, stock: 1, saleStartsAt } },
        adminToken,
      ),
      badInput('input.name: name must not contain control characters', 'createProduct', 'input.name'),
    );
    assert.deepEqual(
      await call(
        CREATE,
        { input: { name: tag, description: NULL_BYTE, price: 1, stock: 1, saleStartsAt } },
        adminToken,
      ),
      badInput(
        'input.description: description must not contain control characters other than line breaks',
        'createProduct',
        'input.description',
      ),
    );

    for (const text of STORABLE) {
      const name = `${tag} ${text}`;
      assert.deepEqual(
        await call(SEARCH, { search: name }),
        { status: 200, data: { products: { totalCount: 1, edges: [{ node: { name } }] } } },
        `search ${text}`,
      );
    }
    // LIKE wildcards and quotes are literal: none of these is a substring of any name.
    for (const search of [`${tag}%`, `${tag} _`, `${tag}' OR '1'='1`, `${tag}" OR 1=1 --`]) {
      assert.deepEqual(
        await call(SEARCH, { search }),
        { status: 200, data: { products: { totalCount: 0, edges: [] } } },
        search,
      );
    }
    assert.deepEqual(await call(SEARCH, { search: tag }), {
      status: 200,
      data: {
        products: {
          totalCount: STORABLE.length,
          edges: [...STORABLE].reverse().map((text) => ({ node: { name: `${tag} ${text}` } })),
        },
      },
    });

    for (const [text, id] of created) {
      const swapped = { name: `${tag} ${[...text].reverse().join('')}`, description: `${text}\n${text}` };
      assert.deepEqual(
        await call(UPDATE, { id, input: swapped }, adminToken),
        { status: 200, data: { updateProduct: { id, ...swapped } } },
        text,
      );
      assert.deepEqual(await call(READ, { id }), { status: 200, data: { product: { id, ...swapped } } });
    }
    const firstId = created.get(HOSTILE[0]) ?? '';
    assert.deepEqual(
      await call(UPDATE, { id: firstId, input: { name: '   ' } }, adminToken),
      badInput('input.name: name must not be empty', 'updateProduct', 'input.name'),
    );
    assert.deepEqual(await call(READ, { id: "1' OR '1'='1" }), { status: 200, data: { product: null } });
  });

  test('payment methods, idempotency keys and return reasons: stored as plain text or BAD_USER_INPUT', async () => {
    const buyer = await signUpBuyer(platform);
    const productId = await createProduct(platform, adminToken, {
      name: `orders ${randomUUID()}`,
      stock: 100,
      purchaseLimit: 100,
    });
    const PLACE = /* GraphQL */ `
      mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id status paymentMethod } }
    `;
    const place = (idempotencyKey: string, paymentMethod?: string) =>
      call(
        PLACE,
        { input: { items: [{ productId, quantity: 1 }], idempotencyKey, paymentMethod } },
        buyer.accessToken,
      );
    const idOf = (result: { data?: unknown }) =>
      (result.data as { placeOrder?: { id: string } } | null)?.placeOrder?.id ?? '';

    const byMethod = new Map<string, string>();
    assert.deepEqual(
      await place(randomUUID(), NULL_BYTE),
      badInput(
        'input.paymentMethod: paymentMethod must not contain control characters',
        'placeOrder',
        'input.paymentMethod',
      ),
    );
    for (const text of STORABLE) {
      const placed = await place(randomUUID(), text);
      assert.deepEqual(
        placed,
        {
          status: 200,
          data: { placeOrder: { id: idOf(placed), status: 'PAYMENT_PENDING', paymentMethod: text } },
        },
        text,
      );
      byMethod.set(text, idOf(placed));
    }

    // Keys are 1 to 128 visible ASCII characters: spaces, non-ASCII and control characters are refused.
    const acceptedKeys = new Set<string>([
      '<script>alert(1)</script>',
      "';DROP/**/TABLE/**/orders;--",
      '{{7*7}}',
      `"OR"1"="1"--${'x'.repeat(100)}`,
    ]);
    for (const key of new Set([...HOSTILE, ...acceptedKeys, 'x'.repeat(129)])) {
      const placed = await place(key);
      if (key.length > 128) {
        assert.deepEqual(
          placed,
          badInput(
            'input.idempotencyKey: idempotencyKey must be at most 128 characters',
            'placeOrder',
            'input.idempotencyKey',
          ),
        );
        continue;
      }
      if (!acceptedKeys.has(key)) {
        assert.deepEqual(
          placed,
          badInput(
            'input.idempotencyKey: idempotencyKey must be visible ASCII characters without spaces',
            'placeOrder',
            'input.idempotencyKey',
          ),
          key,
        );
        continue;
      }
      const id = idOf(placed);
      assert.deepEqual(
        placed,
        { status: 200, data: { placeOrder: { id, status: 'PAYMENT_PENDING', paymentMethod: null } } },
        key,
      );
      const retried = await place(key);
      assert.equal(idOf(retried), id, `the key ${key} opened a second order`);
    }

    const ORDER = /* GraphQL */ `
      query($id: ID!) { order(id: $id) { status paymentMethod payment { method } statusHistory { to reason } } }
    `;
    type OrderView = {
      order: {
        status: string;
        paymentMethod: string;
        payment: { method: string } | null;
        statusHistory: { to: string; reason: string | null }[];
      };
    };
    const delivered = await Promise.all(
      [...byMethod.values()].map((id) =>
        eventually(
          () => platform.graphql<OrderView>(ORDER, { id }, buyer.accessToken),
          (result) => result.data?.order.status === 'DELIVERED',
          20_000,
        ),
      ),
    );
    for (const [index, text] of [...byMethod.keys()].entries()) {
      const order = delivered[index]?.data?.order;
      assert.deepEqual(
        { status: order?.status, paymentMethod: order?.paymentMethod, payment: order?.payment },
        { status: 'DELIVERED', paymentMethod: text, payment: { method: text } },
      );
    }

    const RETURN = /* GraphQL */ `
      mutation($id: ID!, $reason: String) { requestReturn(id: $id, reason: $reason) { status statusHistory { to reason } } }
    `;
    const [firstId] = byMethod.values();
    assert.deepEqual(
      await call(RETURN, { id: firstId, reason: 'x'.repeat(501) }, buyer.accessToken),
      badInput('reason: reason must be at most 500 characters', 'requestReturn', 'reason'),
    );
    assert.deepEqual(
      await call(RETURN, { id: firstId, reason: NULL_BYTE }, buyer.accessToken),
      badInput(
        'reason: reason must not contain control characters other than line breaks',
        'requestReturn',
        'reason',
      ),
    );
    for (const [text, id] of byMethod) {
      const returned = await call(RETURN, { id, reason: text }, buyer.accessToken);
      const history = (
        returned.data as { requestReturn?: { statusHistory: { to: string; reason: string | null }[] } } | null
      )?.requestReturn?.statusHistory;
      assert.deepEqual(history?.at(-1), { to: 'RETURN_REQUESTED', reason: text }, text);
      assert.deepEqual(returned, {
        status: 200,
        data: { requestReturn: { status: 'RETURN_REQUESTED', statusHistory: history } },
      });
    }
  });
});

describe('after all of that', () => {
  test('every subgraph still answers ordinary requests', async () => {
    const buyer = await signUpBuyer(platform);
    const productId = await createProduct(platform, adminToken, {
      name: `aftermath ${randomUUID()}`,
      stock: 2,
    });
    const placed = dataOf(
      await platform.graphql<{ placeOrder: { id: string } }>(
        /* GraphQL */ `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`,
        { input: { items: [{ productId, quantity: 1 }], idempotencyKey: randomUUID() } },
        buyer.accessToken,
      ),
    );
    const result = await eventually(
      () =>
        call(
          /* GraphQL */ `
            query($id: ID!, $product: ID!) {
              me { email orders { totalCount } }
              product(id: $product) { stock availableStock }
              order(id: $id) { payment { status } }
            }
          `,
          { id: placed.placeOrder.id, product: productId },
          buyer.accessToken,
        ),
      (answer) => JSON.stringify(answer).includes('"stock":1'),
    );
    assert.deepEqual(result, {
      status: 200,
      data: {
        me: { email: buyer.email, orders: { totalCount: 1 } },
        product: { stock: 1, availableStock: 1 },
        order: { payment: { status: 'SUCCEEDED' } },
      },
    });
    assert.ok(await loginAdmin(platform));
  });
});
