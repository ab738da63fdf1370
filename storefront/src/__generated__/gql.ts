/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment AuthFields on AuthPayload {\n    accessToken\n    refreshToken\n    expiresAt\n    user { id name role }\n  }\n": typeof types.AuthFieldsFragmentDoc,
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) { ...AuthFields }\n  }\n": typeof types.RefreshDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  subscription ProductAvailability($productIds: [ID!]!) {\n    productAvailabilityChanged(productIds: $productIds) { productId availableStock saleStatus }\n  }\n": typeof types.ProductAvailabilityDocument,
    "\n  query AdminProducts {\n    products(first: 100) { edges { node { id name stock availableStock } } }\n  }\n": typeof types.AdminProductsDocument,
    "\n  mutation CreateProduct($input: CreateProductInput!) {\n    createProduct(input: $input) { id name }\n  }\n": typeof types.CreateProductDocument,
    "\n  mutation RestockProduct($id: ID!, $quantity: Int!) {\n    restockProduct(id: $id, quantity: $quantity) { id stock availableStock }\n  }\n": typeof types.RestockProductDocument,
    "\n  fragment CartFields on Cart {\n    totalQuantity\n    totalPrice\n    items { quantity product { id name price } }\n  }\n": typeof types.CartFieldsFragmentDoc,
    "\n  query Cart {\n    me { id cart { ...CartFields } }\n  }\n": typeof types.CartDocument,
    "\n  mutation UpdateCartItem($productId: ID!, $quantity: Int!) {\n    updateCartItem(productId: $productId, quantity: $quantity) { ...CartFields }\n  }\n": typeof types.UpdateCartItemDocument,
    "\n  mutation RemoveFromCart($productId: ID!) {\n    removeFromCart(productId: $productId) { ...CartFields }\n  }\n": typeof types.RemoveFromCartDocument,
    "\n  mutation CheckoutCart($idempotencyKey: String!) {\n    checkoutCart(idempotencyKey: $idempotencyKey) { id status }\n  }\n": typeof types.CheckoutCartDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) { ...AuthFields }\n  }\n": typeof types.LoginDocument,
    "\n  fragment OrderCard on Order {\n    id\n    status\n    totalPrice\n    createdAt\n    items { quantity unitPrice product { id name } }\n    statusHistory { from to at reason }\n  }\n": typeof types.OrderCardFragmentDoc,
    "\n  query MyOrders($after: String) {\n    me {\n      id\n      orders(first: 5, after: $after) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges { node { ...OrderCard } }\n      }\n    }\n  }\n": typeof types.MyOrdersDocument,
    "\n  subscription OrderStatusChanged {\n    orderStatusChanged { id status statusHistory { from to at reason } }\n  }\n": typeof types.OrderStatusChangedDocument,
    "\n  mutation CancelOrder($id: ID!) {\n    cancelOrder(id: $id) { ...OrderCard }\n  }\n": typeof types.CancelOrderDocument,
    "\n  mutation RequestReturn($id: ID!, $reason: String) {\n    requestReturn(id: $id, reason: $reason) { ...OrderCard }\n  }\n": typeof types.RequestReturnDocument,
    "\n  query Product($id: ID!) {\n    product(id: $id) { ...ShelfProduct }\n  }\n": typeof types.ProductDocument,
    "\n  mutation PlaceOrder($input: PlaceOrderInput!) {\n    placeOrder(input: $input) { id status totalPrice }\n  }\n": typeof types.PlaceOrderDocument,
    "\n  mutation AddToCart($productId: ID!, $quantity: Int!) {\n    addToCart(productId: $productId, quantity: $quantity) { totalQuantity }\n  }\n": typeof types.AddToCartDocument,
    "\n  fragment ShelfProduct on Product {\n    id\n    name\n    description\n    price\n    availableStock\n    purchaseLimit\n    saleStatus\n    saleStartsAt\n    saleEndsAt\n  }\n": typeof types.ShelfProductFragmentDoc,
    "\n  query Shelf {\n    products(first: 50, filter: { saleStatus: [ON_SALE, UPCOMING, SOLD_OUT, ENDED] }) {\n      edges { node { ...ShelfProduct } }\n    }\n  }\n": typeof types.ShelfDocument,
    "\n  mutation RequestCode($email: String!) {\n    requestEmailVerification(email: $email)\n  }\n": typeof types.RequestCodeDocument,
    "\n  mutation VerifyEmail($email: String!, $code: String!) {\n    verifyEmail(email: $email, code: $code) { verificationToken }\n  }\n": typeof types.VerifyEmailDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) { ...AuthFields }\n  }\n": typeof types.SignUpDocument,
};
const documents: Documents = {
    "\n  fragment AuthFields on AuthPayload {\n    accessToken\n    refreshToken\n    expiresAt\n    user { id name role }\n  }\n": types.AuthFieldsFragmentDoc,
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) { ...AuthFields }\n  }\n": types.RefreshDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  subscription ProductAvailability($productIds: [ID!]!) {\n    productAvailabilityChanged(productIds: $productIds) { productId availableStock saleStatus }\n  }\n": types.ProductAvailabilityDocument,
    "\n  query AdminProducts {\n    products(first: 100) { edges { node { id name stock availableStock } } }\n  }\n": types.AdminProductsDocument,
    "\n  mutation CreateProduct($input: CreateProductInput!) {\n    createProduct(input: $input) { id name }\n  }\n": types.CreateProductDocument,
    "\n  mutation RestockProduct($id: ID!, $quantity: Int!) {\n    restockProduct(id: $id, quantity: $quantity) { id stock availableStock }\n  }\n": types.RestockProductDocument,
    "\n  fragment CartFields on Cart {\n    totalQuantity\n    totalPrice\n    items { quantity product { id name price } }\n  }\n": types.CartFieldsFragmentDoc,
    "\n  query Cart {\n    me { id cart { ...CartFields } }\n  }\n": types.CartDocument,
    "\n  mutation UpdateCartItem($productId: ID!, $quantity: Int!) {\n    updateCartItem(productId: $productId, quantity: $quantity) { ...CartFields }\n  }\n": types.UpdateCartItemDocument,
    "\n  mutation RemoveFromCart($productId: ID!) {\n    removeFromCart(productId: $productId) { ...CartFields }\n  }\n": types.RemoveFromCartDocument,
    "\n  mutation CheckoutCart($idempotencyKey: String!) {\n    checkoutCart(idempotencyKey: $idempotencyKey) { id status }\n  }\n": types.CheckoutCartDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) { ...AuthFields }\n  }\n": types.LoginDocument,
    "\n  fragment OrderCard on Order {\n    id\n    status\n    totalPrice\n    createdAt\n    items { quantity unitPrice product { id name } }\n    statusHistory { from to at reason }\n  }\n": types.OrderCardFragmentDoc,
    "\n  query MyOrders($after: String) {\n    me {\n      id\n      orders(first: 5, after: $after) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges { node { ...OrderCard } }\n      }\n    }\n  }\n": types.MyOrdersDocument,
    "\n  subscription OrderStatusChanged {\n    orderStatusChanged { id status statusHistory { from to at reason } }\n  }\n": types.OrderStatusChangedDocument,
    "\n  mutation CancelOrder($id: ID!) {\n    cancelOrder(id: $id) { ...OrderCard }\n  }\n": types.CancelOrderDocument,
    "\n  mutation RequestReturn($id: ID!, $reason: String) {\n    requestReturn(id: $id, reason: $reason) { ...OrderCard }\n  }\n": types.RequestReturnDocument,
    "\n  query Product($id: ID!) {\n    product(id: $id) { ...ShelfProduct }\n  }\n": types.ProductDocument,
    "\n  mutation PlaceOrder($input: PlaceOrderInput!) {\n    placeOrder(input: $input) { id status totalPrice }\n  }\n": types.PlaceOrderDocument,
    "\n  mutation AddToCart($productId: ID!, $quantity: Int!) {\n    addToCart(productId: $productId, quantity: $quantity) { totalQuantity }\n  }\n": types.AddToCartDocument,
    "\n  fragment ShelfProduct on Product {\n    id\n    name\n    description\n    price\n    availableStock\n    purchaseLimit\n    saleStatus\n    saleStartsAt\n    saleEndsAt\n  }\n": types.ShelfProductFragmentDoc,
    "\n  query Shelf {\n    products(first: 50, filter: { saleStatus: [ON_SALE, UPCOMING, SOLD_OUT, ENDED] }) {\n      edges { node { ...ShelfProduct } }\n    }\n  }\n": types.ShelfDocument,
    "\n  mutation RequestCode($email: String!) {\n    requestEmailVerification(email: $email)\n  }\n": types.RequestCodeDocument,
    "\n  mutation VerifyEmail($email: String!, $code: String!) {\n    verifyEmail(email: $email, code: $code) { verificationToken }\n  }\n": types.VerifyEmailDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) { ...AuthFields }\n  }\n": types.SignUpDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AuthFields on AuthPayload {\n    accessToken\n    refreshToken\n    expiresAt\n    user { id name role }\n  }\n"): (typeof documents)["\n  fragment AuthFields on AuthPayload {\n    accessToken\n    refreshToken\n    expiresAt\n    user { id name role }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) { ...AuthFields }\n  }\n"): (typeof documents)["\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) { ...AuthFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ProductAvailability($productIds: [ID!]!) {\n    productAvailabilityChanged(productIds: $productIds) { productId availableStock saleStatus }\n  }\n"): (typeof documents)["\n  subscription ProductAvailability($productIds: [ID!]!) {\n    productAvailabilityChanged(productIds: $productIds) { productId availableStock saleStatus }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminProducts {\n    products(first: 100) { edges { node { id name stock availableStock } } }\n  }\n"): (typeof documents)["\n  query AdminProducts {\n    products(first: 100) { edges { node { id name stock availableStock } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateProduct($input: CreateProductInput!) {\n    createProduct(input: $input) { id name }\n  }\n"): (typeof documents)["\n  mutation CreateProduct($input: CreateProductInput!) {\n    createProduct(input: $input) { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestockProduct($id: ID!, $quantity: Int!) {\n    restockProduct(id: $id, quantity: $quantity) { id stock availableStock }\n  }\n"): (typeof documents)["\n  mutation RestockProduct($id: ID!, $quantity: Int!) {\n    restockProduct(id: $id, quantity: $quantity) { id stock availableStock }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CartFields on Cart {\n    totalQuantity\n    totalPrice\n    items { quantity product { id name price } }\n  }\n"): (typeof documents)["\n  fragment CartFields on Cart {\n    totalQuantity\n    totalPrice\n    items { quantity product { id name price } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Cart {\n    me { id cart { ...CartFields } }\n  }\n"): (typeof documents)["\n  query Cart {\n    me { id cart { ...CartFields } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateCartItem($productId: ID!, $quantity: Int!) {\n    updateCartItem(productId: $productId, quantity: $quantity) { ...CartFields }\n  }\n"): (typeof documents)["\n  mutation UpdateCartItem($productId: ID!, $quantity: Int!) {\n    updateCartItem(productId: $productId, quantity: $quantity) { ...CartFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveFromCart($productId: ID!) {\n    removeFromCart(productId: $productId) { ...CartFields }\n  }\n"): (typeof documents)["\n  mutation RemoveFromCart($productId: ID!) {\n    removeFromCart(productId: $productId) { ...CartFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CheckoutCart($idempotencyKey: String!) {\n    checkoutCart(idempotencyKey: $idempotencyKey) { id status }\n  }\n"): (typeof documents)["\n  mutation CheckoutCart($idempotencyKey: String!) {\n    checkoutCart(idempotencyKey: $idempotencyKey) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) { ...AuthFields }\n  }\n"): (typeof documents)["\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) { ...AuthFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OrderCard on Order {\n    id\n    status\n    totalPrice\n    createdAt\n    items { quantity unitPrice product { id name } }\n    statusHistory { from to at reason }\n  }\n"): (typeof documents)["\n  fragment OrderCard on Order {\n    id\n    status\n    totalPrice\n    createdAt\n    items { quantity unitPrice product { id name } }\n    statusHistory { from to at reason }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyOrders($after: String) {\n    me {\n      id\n      orders(first: 5, after: $after) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges { node { ...OrderCard } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyOrders($after: String) {\n    me {\n      id\n      orders(first: 5, after: $after) {\n        totalCount\n        pageInfo { hasNextPage endCursor }\n        edges { node { ...OrderCard } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OrderStatusChanged {\n    orderStatusChanged { id status statusHistory { from to at reason } }\n  }\n"): (typeof documents)["\n  subscription OrderStatusChanged {\n    orderStatusChanged { id status statusHistory { from to at reason } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelOrder($id: ID!) {\n    cancelOrder(id: $id) { ...OrderCard }\n  }\n"): (typeof documents)["\n  mutation CancelOrder($id: ID!) {\n    cancelOrder(id: $id) { ...OrderCard }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestReturn($id: ID!, $reason: String) {\n    requestReturn(id: $id, reason: $reason) { ...OrderCard }\n  }\n"): (typeof documents)["\n  mutation RequestReturn($id: ID!, $reason: String) {\n    requestReturn(id: $id, reason: $reason) { ...OrderCard }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Product($id: ID!) {\n    product(id: $id) { ...ShelfProduct }\n  }\n"): (typeof documents)["\n  query Product($id: ID!) {\n    product(id: $id) { ...ShelfProduct }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PlaceOrder($input: PlaceOrderInput!) {\n    placeOrder(input: $input) { id status totalPrice }\n  }\n"): (typeof documents)["\n  mutation PlaceOrder($input: PlaceOrderInput!) {\n    placeOrder(input: $input) { id status totalPrice }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddToCart($productId: ID!, $quantity: Int!) {\n    addToCart(productId: $productId, quantity: $quantity) { totalQuantity }\n  }\n"): (typeof documents)["\n  mutation AddToCart($productId: ID!, $quantity: Int!) {\n    addToCart(productId: $productId, quantity: $quantity) { totalQuantity }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ShelfProduct on Product {\n    id\n    name\n    description\n    price\n    availableStock\n    purchaseLimit\n    saleStatus\n    saleStartsAt\n    saleEndsAt\n  }\n"): (typeof documents)["\n  fragment ShelfProduct on Product {\n    id\n    name\n    description\n    price\n    availableStock\n    purchaseLimit\n    saleStatus\n    saleStartsAt\n    saleEndsAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Shelf {\n    products(first: 50, filter: { saleStatus: [ON_SALE, UPCOMING, SOLD_OUT, ENDED] }) {\n      edges { node { ...ShelfProduct } }\n    }\n  }\n"): (typeof documents)["\n  query Shelf {\n    products(first: 50, filter: { saleStatus: [ON_SALE, UPCOMING, SOLD_OUT, ENDED] }) {\n      edges { node { ...ShelfProduct } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestCode($email: String!) {\n    requestEmailVerification(email: $email)\n  }\n"): (typeof documents)["\n  mutation RequestCode($email: String!) {\n    requestEmailVerification(email: $email)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyEmail($email: String!, $code: String!) {\n    verifyEmail(email: $email, code: $code) { verificationToken }\n  }\n"): (typeof documents)["\n  mutation VerifyEmail($email: String!, $code: String!) {\n    verifyEmail(email: $email, code: $code) { verificationToken }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) { ...AuthFields }\n  }\n"): (typeof documents)["\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) { ...AuthFields }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;