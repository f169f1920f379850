"""Settings of the load benchmark: the production settings, plus the ceiling view's URL."""

from ruche.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
