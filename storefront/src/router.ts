import { useSyncExternalStore } from 'react';

/** Hash routes (`#/orders`): the storefront is static files, so any server can serve every page. */
export type Route =
  | { page: 'shelf' }
  | { page: 'product'; id: string }
  | { page: 'signup' }
  | { page: 'login' }
  | { page: 'cart' }
  | { page: 'orders' }
  | { page: 'admin' };

export function parseRoute(hash: string): Route {
  const [, page = '', id = ''] = hash.replace(/^#/, '').split('/');
  switch (page) {
    case 'product':
      return id ? { page: 'product', id: decodeURIComponent(id) } : { page: 'shelf' };
    case 'signup':
    case 'login':
    case 'cart':
    case 'orders':
    case 'admin':
      return { page };
    default:
      return { page: 'shelf' };
  }
}

const subscribe = (listener: () => void) => {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
};

export const useRoute = (): Route => parseRoute(useSyncExternalStore(subscribe, () => window.location.hash));

export const navigate = (hash: string): void => {
  window.location.hash = hash;
};
