"""Production settings plus the bench's bare view, for ``bench/web.py --http``.

The bench starts the WSGI server with ``PYTHONPATH=bench`` and this module as
``DJANGO_SETTINGS_MODULE``; everything else (middleware, the public page cache, static
files, logging) is exactly what ``minutebook web --production`` runs.
"""

from minutebook.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench_web_urls"
