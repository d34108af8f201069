# WithUs web and worker image: Debian packages and the runtime lock file only (docs/deployment.md).
# Build the front-end assets first (make assets): withus/static_build is copied, npm is not run here.
FROM debian:bookworm-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=withus.config.settings.production \
    PATH=/opt/venv/bin:$PATH

RUN apt-get update \
    && apt-get install --yes --no-install-recommends python3 python3-venv python3-dev build-essential libpq5 \
       ca-certificates \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements/runtime.txt requirements/runtime.txt
RUN python3 -m venv /opt/venv \
    && pip install --no-cache-dir --require-hashes --no-deps -r requirements/runtime.txt

COPY . .
RUN pip install --no-cache-dir --no-deps -e . \
    && DJANGO_SECRET_KEY=collectstatic-only DJANGO_ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/none.sqlite3 \
       python manage.py collectstatic --noinput \
    && useradd --system --home /app withus && mkdir -p var/files && chown -R withus var

USER withus
EXPOSE 8000
CMD ["gunicorn", "withus.config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", "--max-requests", "1000", \
     "--max-requests-jitter", "100", "--timeout", "120"]
