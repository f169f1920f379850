"""Passerelles: what connects partner tools to Ruche (the API, the signed webhooks and the
ProConnect login). It stands on every other app and none of them imports it."""
