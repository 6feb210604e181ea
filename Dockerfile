# syntax=docker/dockerfile:1
# The shipshape command line as an image (the wizard needs a terminal: use check and fix here).
#   docker build -t shipshape:0.1.0 .
#   docker run --rm -v "$PWD:/work" shipshape:0.1.0 check --format sarif .
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/work" shipshape:0.1.0 fix --write .
# The build stage packs the npm package exactly as it is published and installs it without its
# devDependencies; the final image holds Node.js and that install, read-only to the user it runs as.
FROM node:22-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN --mount=type=cache,target=/root/.npm npm pack --pack-destination /tmp \
  && npm install --global --prefix /opt/shipshape --omit=dev --no-audit --no-fund /tmp/shipshape-*.tgz

FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    NO_UPDATE_NOTIFIER=1 \
    PATH=/opt/shipshape/bin:$PATH
COPY --from=build /opt/shipshape /opt/shipshape
WORKDIR /work
# The node image's own unprivileged user; pass -u "$(id -u):$(id -g)" to write fixes as yourself.
USER 1000:1000
# A command-line tool, not a service: there is nothing to probe.
HEALTHCHECK NONE
ENTRYPOINT ["/opt/shipshape/bin/shipshape"]
CMD ["check", "."]
