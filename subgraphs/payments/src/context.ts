import {
  type RequestLike,
  subgraphSigningKey,
  type ViewerContext,
  verifiedViewerContext,
} from '@fcfs/shared';
import { createPaymentLoaders, type PaymentLoaders } from './domain/payment-loaders.ts';
import type { PaymentsDependencies } from './domain/payments-dependencies.ts';

export interface PaymentsContext extends ViewerContext {
  deps: PaymentsDependencies;
  loaders: PaymentLoaders;
}

export const createContextFactory = (deps: PaymentsDependencies, signingSecret: string) => {
  const signingKey = subgraphSigningKey(signingSecret, 'payments');
  return async ({ req }: { req: RequestLike }): Promise<PaymentsContext> => ({
    ...verifiedViewerContext(signingKey, req),
    deps,
    loaders: createPaymentLoaders(deps),
  });
};
