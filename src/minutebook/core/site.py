"""The site's own address, for links and ids made outside a request or kept stable.

E-mails (alerts, reminders, notifications) are sent by the worker with no request to ask,
and feed ids and OParl ids must be the same whichever host name a reader used; a link
built from a request's ``Host`` header could also be forged to point at another site. So
every absolute link to the site is built here, from ``MINUTEBOOK_BASE_URL`` (the address
the council publishes, with or without a trailing slash, possibly with a path prefix),
and nowhere else reads that setting.
"""

from __future__ import annotations

from django.conf import settings


def site_origin() -> str:
    """The configured address, without a trailing slash (``MINUTEBOOK_BASE_URL``)."""
    return str(settings.MINUTEBOOK_BASE_URL).strip().rstrip("/")


def site_url(path: str) -> str:
    """``path`` (a site path such as ``reverse()`` gives) as an absolute URL on the site."""
    return site_origin() + "/" + path.lstrip("/")
