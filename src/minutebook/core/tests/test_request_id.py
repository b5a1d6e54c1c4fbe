"""Every response carries a request id, and a 500 is logged with it (stderr in production)."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import path


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("kaboom for the log")


def fine(request: HttpRequest) -> HttpResponse:
    logging.getLogger("minutebook.test").warning("inside the view")
    return HttpResponse("ok")


urlpatterns = [path("boom/", boom), path("fine/", fine)]


@pytest.fixture
def urls(settings: Any) -> None:
    settings.ROOT_URLCONF = __name__


def test_a_response_carries_a_new_or_the_proxys_request_id(
    client: Any, urls: None, db: None
) -> None:
    response = client.get("/fine/")
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    given = client.get("/fine/", headers={"X-Request-ID": "lb-1234abcd"})
    assert given["X-Request-ID"] == "lb-1234abcd"
    odd = client.get("/fine/", headers={"X-Request-ID": "<script>"})
    assert re.fullmatch(r"[0-9a-f]{32}", odd["X-Request-ID"])


def test_a_500_is_logged_to_stderr_with_its_request_id(
    client: Any, urls: None, db: None, capsys: Any, settings: Any
) -> None:
    import logging.config

    settings.DEBUG = False
    logging.config.dictConfig(settings.LOGGING)  # as a production process configures it
    client.raise_request_exception = False
    response = client.get("/boom/", headers={"X-Request-ID": "req-500-abcdef"})
    assert response.status_code == 500
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if "Internal Server Error: /boom/" in line)
    assert "ERROR django.request [req-500-abcdef]" in line
    assert "RuntimeError: kaboom for the log" in err
    client.get("/fine/", headers={"X-Request-ID": "req-ok-123456"})
    assert "WARNING minutebook.test [req-ok-123456] inside the view" in capsys.readouterr().err
