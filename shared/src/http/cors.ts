import type express from 'express';

/** Request headers a browser client of `/graphql` sends: JSON bodies, a bearer token, Apollo's CSRF header. */
const ALLOWED_HEADERS = 'content-type, authorization, apollo-require-preflight, x-apollo-operation-name';
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for the origins in `allowed` and for no other: a listed origin gets its own name back (never `*`), any
 * other gets no CORS header, so its browser withholds the answer, and its preflight is refused outright.
 * No credentials are allowed: tokens travel in the Authorization header, never in cookies.
 */
export function corsFor(allowed: readonly string[]): express.RequestHandler {
  const origins = new Set(allowed);
  return (req, res, next) => {
    const origin = req.headers.origin;
    res.vary('Origin');
    const listed = origin !== undefined && origins.has(origin);
    if (listed) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      // A countdown runs on the server's clock; the page reads it from each answer's Date header.
      res.setHeader('Access-Control-Expose-Headers', 'Date');
    }
    if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) {
      next();
      return;
    }
    if (!listed) {
      res.sendStatus(403);
      return;
    }
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SECONDS));
    res.sendStatus(204);
  };
}
