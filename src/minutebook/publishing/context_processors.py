"""Template context for the public site's branding."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from minutebook.publishing.branding import clean_colour


def site(request: HttpRequest) -> dict[str, str]:
    """Site-wide defaults; a council's own name and colour override them per page."""
    return {
        "site_name": settings.MINUTEBOOK_SITE_NAME or "minutebook",
        "brand_colour": clean_colour(settings.MINUTEBOOK_BRAND_COLOUR),
        "site_phase": getattr(settings, "MINUTEBOOK_PHASE", "beta"),
    }
