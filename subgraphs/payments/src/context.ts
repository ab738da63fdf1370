import {
  type RequestLike,
  subgraphSigningKey,
  type ViewerContext,
  verifiedViewerContext,
} from '@fcfs/shared';
import type { PaymentsDependencies } from './dependencies.ts';
import { createPaymentLoaders, type PaymentLoaders } from './domain/payment-loaders.ts';

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
