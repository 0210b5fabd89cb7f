# assist-gateway: one province's node. Multi-stage: the build stage compiles (native modules,
# the two Prisma clients, TypeScript); the runtime stage holds only what runs, as a non-root user.
# Not exercised by CI here (no container runtime on the CI machine): see docs/operations.md.
#
#   docker build -t assist-gateway .
#   docker run --env-file .env -p 4000:4000 assist-gateway

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 and the other native modules build from source when no prebuilt binary fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY scripts/bootstrap ./scripts/bootstrap
COPY prisma ./prisma
# postinstall generates the Prisma clients (offline) and compiles to dist/, so the sources come first.
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production GATEWAY_ENV=production HOST=0.0.0.0 DATA_DIR=/var/lib/assist-gateway
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
# Read at run time: migrations and the schema (applied at start), published standards, policies.
COPY --from=build --chown=root:root /app/prisma ./prisma
COPY --chown=root:root policies ./policies
# The code is root-owned and read-only to the service; only its data directory is writable.
RUN mkdir -p /var/lib/assist-gateway/keys && chown -R node:node /var/lib/assist-gateway
USER node
EXPOSE 4000 4001
# SIGTERM drains (docs/operations.md): give it SHUTDOWN_UNREADY_DELAY_MS + SHUTDOWN_GRACE_MS + a margin
# (docker stop -t / compose stop_grace_period / Kubernetes terminationGracePeriodSeconds).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||(process.env.REGION==='SICHUAN'?4001:4000))+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--experimental-wasm-modules", "--disable-warning=ExperimentalWarning", "dist/src/main.js"]
