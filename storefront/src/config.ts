declare global {
  interface Window {
    /** Written by the storefront's server (`/config.js`) from its environment, so one build fits every deployment. */
    FCFS_CONFIG?: { graphqlUrl?: string };
  }
}

/** The gateway as the browser reaches it; without a server-provided URL, port 4000 beside this page's host. */
export const graphqlUrl =
  window.FCFS_CONFIG?.graphqlUrl ?? `${window.location.protocol}//${window.location.hostname}:4000/graphql`;

export const websocketUrl = graphqlUrl.replace(/^http/, 'ws');
