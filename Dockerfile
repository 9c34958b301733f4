# syntax=docker/dockerfile:1
# catalog-bot: multi-stage build. The build stage has the full toolchain (TypeScript, and a C++
# compiler in case better-sqlite3 has no prebuilt binary for this platform); the runtime stage gets
# only the compiled JavaScript and production dependencies, and runs as the unprivileged `node` user.
#
#   docker build -t catalog-bot .
#   docker run --env-file .env -p 3000:3000 -v catalog-bot-var:/app/var catalog-bot
#
# The bundled catalog is at /app/data, the path `CATALOG_SOURCE=data/` of .env.example resolves to
# (WORKDIR /app), so the README's .env works unchanged. No VOLUME is declared: an anonymous volume
# would be a new, empty one on every `docker run`. Name them instead (docs/operations.md):
# `-v catalog-bot-var:/app/var` for the state, and your own catalog with `-v catalog-bot-catalog:/app/data`
# or a bind mount.
# tests/docker/image-layout.test.ts rebuilds this stage's file layout from the COPY and ENV lines below.
#
# Both stages use the same base image, so the native module built in the first runs in the second.

ARG NODE_IMAGE=node:22-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# --ignore-scripts: "prepare" would run the TypeScript build before the sources are here.
# better-sqlite3's own install step (prebuilt download or compile) is then run explicitly.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    CATALOG_SOURCE=/app/data/ \
    DATABASE_PATH=/app/var/catalog-bot.db \
    INDEX_SNAPSHOT_PATH=/app/var/index.snapshot
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# vocabulary/ holds the search vocabulary the code reads next to dist/ (keep it out of any volume);
# the catalog itself lives in /app/data, seeded with the repository's catalog (data/, whole).
COPY vocabulary ./vocabulary
COPY data ./data/
# /app/var: the state (SQLite, index snapshot); owned by `node`, so a new named volume mounted there is too.
RUN mkdir -p /app/var && chown -R node:node /app/var /app/data
USER node
EXPOSE 3000
# /healthz is served in HTTP mode on PORT and, in Socket Mode, by the same built-in HTTP server
# (Bolt serves custom routes on that port), so the check means "up and serving" in both modes.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node handles SIGTERM itself (graceful shutdown in src/app.ts), so no init wrapper is needed.
CMD ["node", "dist/app.js"]
