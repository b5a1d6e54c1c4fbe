"""Small request helpers shared by the officer and public form views."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def form_data(request: HttpRequest) -> Any:
    """The submitted data on POST (even when empty, so the form is bound), else None."""
    return request.POST if request.method == "POST" else None
