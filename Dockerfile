# syntax=docker/dockerfile:1
# The Mentora image: one image for every role (API, worker, migrations), chosen by the command.
#   docker build -t mentora .                      Debian's ffmpeg (the default)
#   docker build --build-arg FFMPEG=wheel ...      the static ffmpeg of the imageio-ffmpeg wheel
# Both ffmpeg builds are GPL: see docs/deploy.md, "ffmpeg and its licence".

ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG NODE_IMAGE=node:20-bookworm-slim
ARG UV_IMAGE=ghcr.io/astral-sh/uv:0.13.8

FROM ${UV_IMAGE} AS uv

# ---- the web client ----------------------------------------------------------------------
FROM ${NODE_IMAGE} AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

# ---- the Python environment ----------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS python-build
COPY --from=uv /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /app
# Dependencies first: this layer is rebuilt only when the lock file changes.
RUN --mount=type=cache,target=/root/.cache/uv \
    --mount=type=bind,source=uv.lock,target=uv.lock \
    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \
    uv sync --locked --no-dev --no-install-project
COPY pyproject.toml uv.lock README.md ./
COPY src/ src/
COPY migrations/ migrations/
# The project is installed in place (migrations are found beside src/, as in a checkout).
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-dev \
    && python -m compileall -q src migrations
ARG FFMPEG=debian
# With Debian's ffmpeg the wheel's static GPL build is not shipped at all.
RUN if [ "$FFMPEG" = debian ]; then \
        rm -f .venv/lib/python3.11/site-packages/imageio_ffmpeg/binaries/ffmpeg-*; \
    fi

# ---- the runtime: no compiler, no uv, no Node -----------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
ARG FFMPEG=debian
# Debian's ffmpeg is not pinned to a version: the point release's security updates are wanted,
# and an old version disappears from the mirror. Pin the base image by digest to freeze it.
# hadolint ignore=DL3008
RUN case "$FFMPEG" in \
        debian) apt-get update \
                && apt-get install -y --no-install-recommends ffmpeg \
                && rm -rf /var/lib/apt/lists/* ;; \
        wheel) ;; \
        *) echo "FFMPEG is debian or wheel, not '$FFMPEG'" >&2; exit 1 ;; \
    esac \
    && groupadd --system --gid 10001 mentora \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/mentora --create-home \
               --shell /usr/sbin/nologin mentora
WORKDIR /app
# Code and environment stay owned by root: the platform's user can read them, not change them.
COPY --from=python-build /app /app
COPY --from=web /web/dist /app/web/dist
COPY deploy/healthcheck.py /app/deploy/healthcheck.py
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    EDU_ENV=production \
    EDU_HOST=0.0.0.0 \
    EDU_PORT=8000 \
    EDU_WEB_DIST=/app/web/dist \
    EDU_VAR_DIR=/var/lib/mentora \
    EDU_FFMPEG_PATH=ffmpeg
# With the wheel's build, `ffmpeg` on PATH is that binary.
RUN if [ "$FFMPEG" = wheel ]; then \
        ln -s "$(python -c 'import imageio_ffmpeg; print(imageio_ffmpeg.get_ffmpeg_exe())')" \
              /usr/local/bin/ffmpeg; \
    fi \
    && ffmpeg -hide_banner -version > /dev/null
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "/app/deploy/healthcheck.py", "api"]
# uvicorn finishes the requests in flight on SIGTERM (30 s) and `edu serve` exits 0.
STOPSIGNAL SIGTERM
CMD ["edu", "serve"]
