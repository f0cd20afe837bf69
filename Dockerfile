# tgcf-server and tgcf in one image: the server is one executable built with Bun, tgcf runs on Python.
#   docker build --build-arg TGCF_SERVER_COMMIT="$(git rev-parse --short HEAD)" -t tgcf-server .
# To prove the image carries the executable that .ci/smoke-binary.ts exercised, also pass
#   --build-arg TGCF_SERVER_SHA256="$(cut -d' ' -f1 dist/tgcf-server.sha256)"
# (the build stage runs the same `bun run build` and fails if its output differs). See docs/deploy.md.
# The base images and the Python package index are build arguments (BUN_IMAGE, PYTHON_IMAGE, PIP_INDEX_URL), so a
# mirror or a local stand-in can replace them: .ci/image-test builds this file from bases made with debootstrap.

# Pinned to the Bun that .ci/run installs (BUN_VERSION); .ci/check-dockerfile.sh keeps the two equal.
ARG BUN_IMAGE=oven/bun:1.4.4
# python:3.11, not 3.12: tgcf 1.1.8 requires cryptg 0.4.x, whose wheels stop at CPython 3.11 and whose
# PyO3 0.17 refuses to build for 3.12, so 3.12 would need a Rust toolchain and an override just to install.
# A tag, not a digest: the tag gets Debian and Python security fixes when it is rebuilt upstream; a digest
# would freeze today's vulnerabilities in. The Debian release is in the tag (bookworm) so that the apt pin
# below stays valid: tini 0.19.0-1+b3 is bookworm's version. Any Debian bookworm with python3 and its venv
# module will do (the runtime stage needs `python3 -m venv`, useradd and apt-get).
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---- build: the single executable ------------------------------------------------------------
FROM ${BUN_IMAGE} AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /src
COPY package.json bun.lock ./
# Only what the executable bundles: the type checker and the browser test driver are not needed here.
RUN bun install --frozen-lockfile --production
COPY tsconfig.json bunfig.toml ./
COPY .ci/build.ts .ci/build.ts
COPY public public
COPY src src
# The build context has no .git: the commit comes in as a build argument (build.ts reads it from the environment).
ARG TGCF_SERVER_COMMIT=unknown
ARG TGCF_SERVER_SHA256=""
RUN bun run build \
    && if [ -n "$TGCF_SERVER_SHA256" ]; then echo "$TGCF_SERVER_SHA256  dist/tgcf-server" | sha256sum --check --strict -; fi

# ---- runtime: tgcf on Python, supervised by tgcf-server ----------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
ARG TGCF_VERSION=1.1.8
# Where pip finds tgcf and its dependencies (pip reads PIP_INDEX_URL from the environment of the RUN below).
# A build argument stays in the image's history: never put a password in this URL.
ARG PIP_INDEX_URL=https://pypi.org/simple
# tgcf's requirements left out, as src/modules/tgcf-install/release.ts's SKIPPED_REQUIREMENTS (check-dockerfile.sh
# keeps the two equal): only tgcf's own web UI (`tgcf-web`) imports streamlit, and tg-login is a separate sign-in
# program. `tgcf live|past`, all the server runs, loads neither; streamlit alone brings pandas, pyarrow, numpy and
# dozens more (hundreds of MB).
ARG TGCF_SKIPPED_REQUIREMENTS="streamlit tg-login"

# tini as PID 1: it forwards `docker stop`'s SIGTERM to tgcf-server (which stops tgcf gracefully) and
# reaps orphaned processes, which a plain PID 1 would leave as zombies.
# tgcf goes into its own virtualenv, /opt/tgcf: it works the same on the official Python image and on Debian's
# python3 (whose system site-packages pip may not touch, PEP 668), and keeps tgcf's packages apart from the base's.
# tgcf is installed without dependencies, then every requirement its metadata declares except the skipped ones (so
# no `pip check`: it would name the two). `tgcf --version` imports Telethon, rich and typer: it proves the rest loads.
# Every dependency of tgcf ships manylinux wheels for CPython 3.11 (amd64 and arm64): no compiler is
# installed, so a dependency that would need one makes this step fail instead of bloating the image.
# --no-log-init: useradd would otherwise reserve a lastlog entry sized by the (high) uid.
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini=0.19.0-1+b3 \
    && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin \
    && python3 -m venv /opt/tgcf \
    && /opt/tgcf/bin/pip install --no-deps "tgcf==${TGCF_VERSION}" \
    && /opt/tgcf/bin/python -c 'import importlib.metadata as m, os, re; skip = os.environ["TGCF_SKIPPED_REQUIREMENTS"].split(); print("\n".join(r for r in (m.requires("tgcf") or []) if re.sub(r"[-_.]+", "-", re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", r).group(1).lower()) not in skip))' >/tmp/tgcf-requirements.txt \
    && echo "tgcf ${TGCF_VERSION} requirements installed:" && cat /tmp/tgcf-requirements.txt \
    && /opt/tgcf/bin/pip install --requirement /tmp/tgcf-requirements.txt \
    && rm /tmp/tgcf-requirements.txt \
    && /opt/tgcf/bin/tgcf --version | grep -F "${TGCF_VERSION}" \
    && groupadd --system --gid 10001 tgcf \
    && useradd --system --no-log-init --uid 10001 --gid tgcf --home-dir /data --no-create-home --shell /usr/sbin/nologin tgcf \
    && mkdir /data \
    && chown tgcf:tgcf /data \
    && chmod 0700 /data

COPY --from=build /src/dist/tgcf-server /usr/local/bin/tgcf-server

# tgcf.config.json, the Telegram session, tgcf's logs, config backups and the generated token live in /data.
# tgcf is found on the PATH (/opt/tgcf/bin/tgcf): GET /api/tgcf reports it installed and not managed. A tgcf
# installed later from the UI (`tgcf-server tgcf install`) goes into /data/.tgcf-server/tgcf-venv and wins over it.
ENV PATH=/opt/tgcf/bin:$PATH \
    TGCF_SERVER_DATA_DIR=/data \
    TGCF_SERVER_HOST=0.0.0.0 \
    TGCF_SERVER_PORT=8080
# Numeric, so that "run as non-root" policies (Kubernetes runAsNonRoot) can verify it.
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
# Reads TGCF_SERVER_PORT like the server does, so set the port through the environment, not a flag.
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD ["tgcf-server", "healthcheck"]
ENTRYPOINT ["tini", "--", "tgcf-server"]
