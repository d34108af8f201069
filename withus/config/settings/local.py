"""Settings for a developer's machine: `make run`. Debug stays off so error pages look as users see them."""

from .base import *

SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost"]
