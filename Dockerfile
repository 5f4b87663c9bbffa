# wenzheng server image: builds the server and the console, then runs the built server as an unprivileged user.
# `scripts/docker-replay.mjs` (run by CI) replays these steps in a clean directory, so a change that breaks the
# build or the start of the image is caught without a Docker engine.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Every workspace's package.json before `npm ci`, so that the server's and the console's dependencies are installed.
COPY package.json package-lock.json ./
COPY server/package.json server/
COPY admin/package.json admin/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=4000 NODE_OPTIONS=--max-old-space-size=256
WORKDIR /app
# The official image's `node` user (uid 1000); the app's files are its own so that the embedded database can be
# written to /app/data when no DATABASE_URL is given.
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:4000/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "server/dist/server/src/main.js"]
