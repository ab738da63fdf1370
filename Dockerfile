# One image for every Node service; docker-compose.yml picks the entry point per service
# (node --import @fcfs/shared/register-tracing subgraphs/<name>/src/main.ts, the same for gateway/src/main.ts,
# node scripts/migrate.ts, node storefront/server/main.ts). The tracing hook loads nothing unless
# OTEL_EXPORTER_OTLP_ENDPOINT is set. No build step for the services: Node 24 strips TypeScript types itself.

FROM node:24-slim AS base
ARG PNPM_VERSION=10.34.8
RUN npm install --global --no-audit --no-fund "pnpm@${PNPM_VERSION}" && npm cache clean --force
WORKDIR /app

# Dependencies first, keyed on the lockfile alone, so a source change does not re-download packages.
# fetch and install must both say --prod, or install wants to purge node_modules (and, with no TTY, fails).
FROM base AS deps
ENV CI=true
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
COPY patches ./patches
RUN pnpm fetch --prod
COPY . .
RUN pnpm install --frozen-lockfile --offline --prod

# The storefront's production build needs its dev dependencies (Vite, codegen); only dist/ reaches the image.
FROM base AS storefront
ENV CI=true
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
COPY patches ./patches
RUN pnpm fetch
COPY . .
RUN pnpm install --frozen-lockfile --offline --filter @fcfs/storefront... && pnpm --filter @fcfs/storefront build

FROM node:24-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Root-owned and read-only for the service user: a compromised service cannot rewrite its own code.
COPY --from=deps /app /app
COPY --from=storefront /app/storefront/dist /app/storefront/dist
USER node
CMD ["node", "--import", "@fcfs/shared/register-tracing", "gateway/src/main.ts"]
