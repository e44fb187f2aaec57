"""The production settings, with static files read where they are instead of collected.

Pages name their stylesheets through the static files manifest, which only `collectstatic`
writes; collecting (and compressing) every file for each scratch site would add seconds and
test nothing about migrations.
"""

from thinktank.settings import *  # noqa: F403

STORAGES = STORAGES | {  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
}
