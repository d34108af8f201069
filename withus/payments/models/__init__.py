"""Payments models, one module per workflow. Django finds models by importing this package, so it imports the
modules (and re-exports no names: import each model from its own module)."""

from withus.payments.models import advances, batches, claims, preferences, rates  # noqa: F401
