# Partnergraph's production image: compiled once, run as `node dist/main.js` on Node 24 LTS by a
# non-root user, with only the runtime dependencies. UNTESTED here (no Docker engine on the
# project's machines); test/unit/deployment.test.ts checks its shape and test/integration/build.test.ts
# runs the same dist/main.js on Node 24.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json authz-model.fga ./
COPY src ./src
# The console's build (scripts/build-console.mjs, run by npm run build) generates its API client from src.
COPY scripts ./scripts
COPY console ./console
RUN npm run build

FROM node:24-bookworm-slim AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/console/dist ./console/dist
COPY package.json authz-model.fga ./
COPY cypher ./cypher
USER node
EXPOSE 3000
HEALTHCHECK --interval=5s --timeout=5s --retries=12 CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
