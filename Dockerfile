# gatecheck in one image: build on Node 24, run Next's standalone server as an unprivileged user.
#   docker build -t gatecheck .
#   docker run -p 3000:3000 -e GATECHECK_AUTH=none -e GATECHECK_ALLOWED_HOSTS=gatecheck.example.com gatecheck
# Without sign-in (GATECHECK_OIDC_ISSUER…, GATECHECK_AUTH=alb) or GATECHECK_AUTH=none the server refuses to
# start: in a container it must listen beyond loopback. See "Deploy" in README.md.
ARG NODE_IMAGE=node:24-slim

# Every dependency, dev ones included: the build needs them, the runtime image keeps none of them.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund

# `npm run build`: next build, then the static files copied into .next/standalone (scripts/lib.mjs).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

# The standalone folder alone: server.js, the build, and the node_modules it traced.
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    GATECHECK_DATA_DIR=/data \
    GATECHECK_SHUTDOWN_GRACE_MS=25000
# Idle connections kept longer than a load balancer's idle timeout (an ALB's: 60 s), so it never reuses one
# the server is closing.
ENV KEEP_ALIVE_TIMEOUT=65000
# The application stays root-owned and read-only to the server; it writes only snapshots, under /data.
RUN mkdir /data && chown node:node /data
COPY --from=build /app/.next/standalone ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Next finishes the requests in flight on SIGTERM (bounded by GATECHECK_SHUTDOWN_GRACE_MS): give `docker stop`
# at least that long (`--stop-timeout 30`), or it kills the server after 10 s.
STOPSIGNAL SIGTERM
CMD ["node", "server.js"]
