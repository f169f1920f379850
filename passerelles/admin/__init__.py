"""The admin of keys and webhooks, a module per topic; importing them registers them."""

from passerelles.admin import cles, webhooks  # noqa: F401
