"""WSGI entry point for gunicorn: `gunicorn withus.config.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "withus.config.settings.production")
application = get_wsgi_application()
