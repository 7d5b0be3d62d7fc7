# syntax=docker/dockerfile:1
# Three images from one build:
#   docker build --target function -t metallb-frr .        KRM function (kpt/kustomize container mode), Argo CD sidecar (with kustomize)
#   docker build --target agent -t metallb-frr-agent .     node agent of the FRR-K8s DaemonSet
#   docker build --target ci -t metallb-frr-ci .           CI jobs reviewing a change (examples/ci)
# The first two run as non-root on distroless Node.js: no shell, no package manager.

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY fn ./fn
COPY src ./src
# The build warms dist/cli.cjs.cache (V8 code cache) on the seed example. A
# runtime Node of another version rejects the cache and compiles as usual.
COPY examples/seed ./examples/seed
RUN npm run build

# The standalone kustomize, pinned (as scripts/tools.sh pins it for the
# tests): `metallb-frr build DIR` runs `kustomize build DIR` first when DIR is
# a kustomization (Argo CD apps with an overlay per cluster).
FROM golang:1.24-bookworm AS kustomize
ARG KUSTOMIZE_VERSION=v5.7.1
RUN CGO_ENABLED=0 GOBIN=/out go install -trimpath -ldflags="-s -w" sigs.k8s.io/kustomize/kustomize/v5@${KUSTOMIZE_VERSION}

FROM gcr.io/distroless/nodejs20-debian12:nonroot AS function
COPY --from=build /src/dist/metallb-frr /src/dist/cli.cjs /src/dist/cli.cjs.cache /src/dist/review.cjs /src/dist/package.json /app/
COPY --from=kustomize /out/kustomize /usr/local/bin/kustomize
USER 65532:65532
ENTRYPOINT ["/nodejs/bin/node", "/app/metallb-frr"]

# The agent: the launcher, the CLI bundle (it dispatches `agent`) and the
# agent's own bundle (prom-client inside); no node_modules.
# Runs as 65532 with a read-only root filesystem (see the DaemonSet).
FROM gcr.io/distroless/nodejs20-debian12:nonroot AS agent
COPY --from=build /src/dist/metallb-frr /src/dist/cli.cjs /src/dist/agent.cjs /src/dist/package.json /app/
USER 65532:65532
# /metrics on the node's address (host network); health and /status stay on 127.0.0.1:7576.
EXPOSE 7577
ENTRYPOINT ["/nodejs/bin/node", "/app/metallb-frr", "agent"]

# For CI jobs that review a change (examples/ci): metallb-frr with git (it
# reads the base revision from git's object store) and curl, on Node.js.
FROM node:20-bookworm-slim AS ci
RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates curl && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/dist/metallb-frr /src/dist/cli.cjs /src/dist/cli.cjs.cache /src/dist/review.cjs /src/dist/package.json /opt/metallb-frr/
RUN ln -s /opt/metallb-frr/metallb-frr /usr/local/bin/metallb-frr
