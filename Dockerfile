# The one PayRail image: every workspace is built once (npm ci runs `prepare`, which is `tsc -b`), and the
# container's command names the service to run, the folder under services/:
#   docker build -t payrail:latest .
#   docker run --rm --env-file .env -v payrail-data:/data -p 8084:8084 payrail:latest merchant-sim
# One image rather than one per service (a build argument): it is built, scanned, pushed and pulled once,
# every service of a deployment runs the same bits, and docker-compose.yml and deploy/k8s only differ in
# the command. The build stage also serves docker-compose.dev.yml (hot reload), which needs the dev tools.
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json tsconfig.json ./
COPY shared ./shared
COPY services ./services
COPY scripts ./scripts
COPY deploy ./deploy
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --ignore-scripts

FROM node:22-slim
WORKDIR /app
ENV NODE_ENV=production DATA_DIR=/data HOST=0.0.0.0
COPY --from=build --chown=node:node /app /app
COPY --chown=node:node ops/docker ./ops/docker
RUN mkdir -p /data && chown node:node /data
USER node
# GATEWAY_PORT, PROVIDER_SIM_PORT, LEDGER_PORT, VAULT_PORT, MERCHANT_SIM_PORT and STRIPE_API_PORT of .env.
EXPOSE 8080 8081 8082 8083 8084 8085
HEALTHCHECK --interval=5s --timeout=3s --retries=12 CMD ["node", "/app/ops/docker/healthcheck.js"]
ENTRYPOINT ["sh", "/app/ops/docker/entrypoint.sh"]
