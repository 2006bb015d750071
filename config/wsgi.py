"""WSGI entry point: `gunicorn config.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# Import every view module now rather than on each process's first request: with
# `gunicorn --preload` this happens once, before the workers fork, and a worker's first
# requests do not each pay a few seconds of imports. Opens no database connection.
get_resolver().url_patterns  # noqa: B018
