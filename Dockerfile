# shinsa's image: the api and the worker (and every other `shinsa` command).
# Node: the current LTS line. shinsa runs on ^20.19.0 || ^22.13.0 || >=24.11.0 (package.json
# "engines"; CI runs Node 20); keep this line inside that range.
ARG NODE_IMAGE=node:26-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The build also writes the start-up data (parsed rules, the IP→ASN index) into dist/; then the
# development-only packages (compiler, tests, knowledge builders) are dropped.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/rules ./rules
USER node
EXPOSE 3000
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["api"]
