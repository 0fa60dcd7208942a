"""Settings for a developer's machine and `make run`: the embedded default."""

from config.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
