"""Template context for the public site's branding."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    return {
        "site_name": settings.MINUTEBOOK_SITE_NAME or "minutebook",
        "brand_colour": settings.MINUTEBOOK_BRAND_COLOUR,
    }
