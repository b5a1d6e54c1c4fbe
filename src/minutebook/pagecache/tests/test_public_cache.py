"""The public page cache through the real middleware stack, on the real database."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import URLResolver

from minutebook.councils.factories import CouncilFactory
from minutebook.meetings.models import AgendaItem
from minutebook.publishing import cache
from minutebook.publishing.tests.scenario import PUBLIC_MARKER, Scenario

pytestmark = pytest.mark.django_db

HEADER = "X-Minutebook-Cache"


def item_url(scenario: Scenario) -> str:
    return f"{scenario.held.get_absolute_url()}items/{scenario.public_item.number}/"


def stored_count() -> int:
    store = cache.page_cache()
    return len(getattr(store, "_cache", {}))


def test_second_anonymous_visit_is_a_hit_with_the_same_body_and_head_works(
    scenario: Scenario,
) -> None:
    client = Client()
    url = scenario.held.get_absolute_url()
    first = client.get(url)
    second = client.get(url)
    assert (first.status_code, first[HEADER]) == (200, "miss")
    assert (second.status_code, second[HEADER]) == (200, "hit")
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    head = client.head(url)
    assert (head.status_code, head[HEADER], head.content) == (200, "hit", b"")


def test_head_answered_from_the_cache_has_an_empty_body(scenario: Scenario) -> None:
    """Straight through the middleware: the test client would drop a HEAD body itself."""
    url = scenario.held.get_absolute_url()
    Client().get(url)

    def not_called(request: HttpRequest) -> HttpResponse:
        raise AssertionError("a hit must not render")

    response = cache.PublicPageCacheMiddleware(not_called)(RequestFactory().head(url))
    assert response[HEADER] == "hit" and response.content == b""
    assert int(response["Content-Length"]) > 1000


def test_public_pages_carry_no_nonce_and_no_inline_script(scenario: Scenario) -> None:
    for url in (scenario.held.get_absolute_url(), item_url(scenario), f"/{scenario.council.slug}/"):
        response = Client().get(url)
        assert response.status_code == 200, url
        assert "nonce" not in response["Content-Security-Policy"]
        tags = re.findall(r"<script\b[^>]*>", response.content.decode())
        assert len(tags) == 2 and all("src=" in t and "nonce" not in t for t in tags)


def _exempt_by_save(item: AgendaItem) -> None:
    item.exempt_paragraphs = [3]
    item.save()


def _exempt_by_bulk_update(item: AgendaItem) -> None:
    AgendaItem.public_objects.filter(pk=item.pk).update(is_exempt=True, exempt_paragraphs=[3])


def _exempt_by_raw_sql(item: AgendaItem) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE meetings_agendaitem SET is_exempt = %s, exempt_paragraphs = %s WHERE id = %s",
            [True, "[3]", item.pk],
        )


@pytest.mark.parametrize("mark", [_exempt_by_save, _exempt_by_bulk_update, _exempt_by_raw_sql])
def test_marking_an_item_exempt_is_seen_by_the_next_visitor(scenario: Scenario, mark: Any) -> None:
    client = Client()
    url = item_url(scenario)
    assert client.get(url)[HEADER] == "miss"
    cached = client.get(url)
    assert cached[HEADER] == "hit" and PUBLIC_MARKER in cached.content.decode()

    mark(scenario.public_item)

    after = client.get(url)
    assert after[HEADER] == "miss"
    assert PUBLIC_MARKER not in after.content.decode()
    assert "exempt under paragraph 3" in after.content.decode()


def test_signed_in_users_are_never_served_nor_stored(scenario: Scenario) -> None:
    user_model = get_user_model()
    officer = user_model.objects.create_superuser("officer", "o@example.gov.uk", "pw-123456789")
    councillor = user_model.objects.create_user("cllr", "c@example.gov.uk", "pw-123456789")
    url = scenario.held.get_absolute_url()
    anonymous = Client()
    anonymous.get(url)
    assert anonymous.get(url)[HEADER] == "hit"
    for user in (officer, councillor):
        client = Client()
        client.force_login(user)
        before = stored_count()
        response = client.get(url)
        assert response.status_code == 200 and HEADER not in response
        assert stored_count() == before


def test_a_page_a_signed_in_user_renders_is_not_stored_for_anyone(scenario: Scenario) -> None:
    officer = get_user_model().objects.create_superuser("o", "o@example.gov.uk", "pw-123456789")
    client = Client()
    client.force_login(officer)
    url = item_url(scenario)
    client.get(url)
    assert Client().get(url)[HEADER] == "miss"


def test_pages_with_a_form_are_not_stored(scenario: Scenario) -> None:
    url = f"{scenario.upcoming.get_absolute_url()}questions/"
    first = Client().get(url)
    assert first.status_code == 200 and b"csrfmiddlewaretoken" in first.content
    second = Client().get(url)
    assert second[HEADER] == "miss"
    assert "csrftoken" in second.cookies


def test_private_areas_are_never_looked_up_or_stored(scenario: Scenario) -> None:
    before = stored_count()
    for url in ("/officer/", "/members/", "/admin/", "/accounts/login/"):
        for _ in range(2):
            response = Client().get(url)
            assert HEADER not in response, url
    assert stored_count() == before


def test_private_areas_stay_private_under_a_script_name_prefix() -> None:
    """Deployed under a prefix (``SCRIPT_NAME=/democracy``), ``request.path`` carries it;
    the private areas are matched on the path inside the site."""
    factory = RequestFactory()
    for path in ("/officer/", "/members/", "/admin/", "/accounts/login/"):
        request = factory.get(path, SCRIPT_NAME="/democracy")
        assert request.path == f"/democracy{path}"
        assert not cache.eligible_request(request), path
    assert cache.eligible_request(factory.get("/", SCRIPT_NAME="/democracy"))


def test_every_non_public_area_of_the_site_is_a_private_prefix() -> None:
    """A new area mounted in minutebook.urls must be listed, or be public on purpose."""
    from minutebook import urls

    public_modules = {
        "minutebook.api.urls",
        "minutebook.feeds.urls",
        "minutebook.publishing.urls",
    }
    for pattern in urls.urlpatterns:
        prefix = "/" + str(pattern.pattern)
        module = getattr(pattern, "urlconf_name", None)
        name = module if isinstance(module, str) else getattr(module, "__name__", "")
        if isinstance(pattern, URLResolver) and name in public_modules:
            assert cache.is_public_path(prefix), prefix
        else:
            assert not cache.is_public_path(prefix), prefix


def test_not_found_is_not_stored(scenario: Scenario) -> None:
    before = stored_count()
    url = f"/{scenario.council.slug}/no-such-committee/"
    assert Client().get(url).status_code == 404
    second = Client().get(url)
    assert second.status_code == 404 and second[HEADER] == "miss"
    assert stored_count() == before


def _through_middleware(view: Any, method: str = "get", **extra: Any) -> HttpResponse:
    request = getattr(RequestFactory(), method)("/somewhere/", **extra)
    return cache.PublicPageCacheMiddleware(view)(request)


def test_responses_that_set_a_cookie_vary_otherwise_or_are_private_are_not_stored(
    db: None,
) -> None:
    def with_cookie(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("hello")
        response.set_cookie("seen", "1")
        return response

    def varying(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("hello")
        response["Vary"] = "Accept-Language"
        return response

    def private(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("hello")
        response["Cache-Control"] = "private, max-age=0"
        return response

    def nonce(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("hello")
        response["Content-Security-Policy"] = "script-src 'self' 'nonce-abc'"
        return response

    for view in (with_cookie, varying, private, nonce):
        assert _through_middleware(view)[HEADER] == "miss"
        assert _through_middleware(view)[HEADER] == "miss", view.__name__


def test_a_plain_response_is_stored_and_rebuilt_without_pickling_the_response(db: None) -> None:
    def plain(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("hello", content_type="text/plain")
        response["Vary"] = "Cookie"
        return response

    assert _through_middleware(plain)[HEADER] == "miss"
    hit = _through_middleware(plain)
    assert (hit[HEADER], hit.content, hit["Content-Type"]) == ("hit", b"hello", "text/plain")
    entries = cache.page_cache()._cache.values()  # type: ignore[attr-defined]
    assert entries and all(b"HttpResponse" not in entry for entry in entries)


def test_a_write_during_rendering_leaves_the_page_under_the_old_generation(db: None) -> None:
    """The generation is read before rendering, so a page rendered while data changed
    is stored under a generation no later request asks for."""
    council = CouncilFactory()
    bodies = iter(["rendered from old data", "rendered from new data"])

    def writes_while_rendering(request: HttpRequest) -> HttpResponse:
        body = next(bodies)
        council.name = "Renamed meanwhile"
        council.save()
        return HttpResponse(body)

    assert _through_middleware(writes_while_rendering)[HEADER] == "miss"
    second = _through_middleware(writes_while_rendering)
    assert second[HEADER] == "miss" and second.content == b"rendered from new data"


def test_key_holds_host_and_htmx_headers(scenario: Scenario) -> None:
    url = scenario.held.get_absolute_url()
    Client().get(url)
    assert Client().get(url)[HEADER] == "hit"
    assert Client().get(url, HTTP_HOST="localhost")[HEADER] == "miss"
    assert Client().get(url, HTTP_HX_REQUEST="true")[HEADER] == "miss"
    assert Client().get(url, HTTP_HX_REQUEST="true")[HEADER] == "hit"


def test_changing_a_setting_pages_read_changes_the_key(db: None, settings: Any) -> None:
    settings.MINUTEBOOK_SITE_NAME = "Old Name Council"
    Client().get("/")
    assert Client().get("/")[HEADER] == "hit"
    settings.MINUTEBOOK_SITE_NAME = "New Name Council"
    response = Client().get("/")
    assert response[HEADER] == "miss" and "New Name Council" in response.content.decode()


def test_the_cache_can_be_switched_off(scenario: Scenario, settings: Any) -> None:
    settings.MINUTEBOOK_PUBLIC_CACHE = False
    url = scenario.held.get_absolute_url()
    Client().get(url)
    assert HEADER not in Client().get(url)


def test_requests_with_a_session_or_messages_cookie_bypass(scenario: Scenario) -> None:
    url = scenario.held.get_absolute_url()
    Client().get(url)
    for name in (django_settings.SESSION_COOKIE_NAME, "messages"):
        client = Client()
        client.cookies[name] = "anything"
        assert HEADER not in client.get(url)
    assert HEADER not in Client().get(url, HTTP_AUTHORIZATION="Bearer x")
