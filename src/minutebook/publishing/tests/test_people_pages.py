"""The public people pages: councillors, a councillor, wards, find your councillor, and
photos and surgeries as officers set them up."""

from __future__ import annotations

import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from minutebook.backoffice.tests.setup_desk import desk, refused
from minutebook.committees.factories import CommitteeFactory
from minutebook.committees.models import Membership, MembershipRole
from minutebook.people.factories import CouncillorFactory, PoliticalGroupFactory, WardFactory
from minutebook.people.models import Person, PostcodeWard, Surgery
from minutebook.publishing.registers import councillor_url

pytestmark = pytest.mark.django_db


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


def picture(fmt: str = "PNG", size: tuple[int, int] = (60, 80)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


@pytest.fixture
def vale():
    d = desk()
    council = d.council
    north = WardFactory(council=council, name="North Ward", slug="north", gss_code="E05000001")
    south = WardFactory(council=council, name="South Ward", slug="south", gss_code="E05000002")
    greens = PoliticalGroupFactory(council=council, name="Green Party")
    reds = PoliticalGroupFactory(council=council, name="Red Party")
    ada = CouncillorFactory(
        council=council, first_name="Ada", last_name="Zephyr", ward=north, political_group=reds
    )
    ben = CouncillorFactory(
        council=council,
        first_name="Ben",
        last_name="Abbott",
        ward=south,
        political_group=greens,
        email="ben.abbott@example.gov.uk",
        phone="01632 960123",
        address="1 Hidden Lane",
        publish_email=True,
    )
    gone = CouncillorFactory(council=council, last_name="Former", ward=north, is_active=False)
    elsewhere = CouncillorFactory(council=d.other, last_name="Otherbyman")
    PostcodeWard.objects.create(council=council, postcode="DT1 1AD", ward=north)
    PostcodeWard.objects.create(council=d.other, postcode="DT9 9ZZ", ward=elsewhere.ward)
    return d, {"north": north, "south": south, "ada": ada, "ben": ben, "gone": gone}


def test_councillors_listed_filtered_and_sorted_without_javascript(client, vale):
    _d, r = vale
    url = reverse("publishing:councillors", args=["exampleshire"])
    page = text(client.get(url))
    assert page.index("Ben Abbott") < page.index("Ada Zephyr")  # by name (last name)
    assert "Former" not in page and "Otherbyman" not in page
    assert councillor_url(r["ada"]) in page
    assert reverse("publishing:ward", args=["exampleshire", "north"]) in page
    assert reverse("publishing:participation:interests_councillors", args=["exampleshire"]) in page
    by_ward = text(client.get(url, {"ward": "north"}))
    assert "Ada Zephyr" in by_ward and "Ben Abbott" not in by_ward
    by_group = text(client.get(url, {"group": r["ben"].political_group_id}))
    assert "Ben Abbott" in by_group and "Ada Zephyr" not in by_group
    by_group_name = text(client.get(url, {"sort": "group"}))
    assert by_group_name.index("Ben Abbott") < by_group_name.index("Ada Zephyr")  # Green, Red
    by_ward_name = text(client.get(url, {"sort": "ward", "ward": "nowhere", "group": "x"}))
    assert by_ward_name.index("Ada Zephyr") < by_ward_name.index("Ben Abbott")  # North, South
    # Reached from the council's home page and every page's navigation.
    home = text(client.get(reverse("publishing:council", args=["exampleshire"])))
    assert home.count(f'href="{url}"') >= 2
    assert reverse("publishing:find_councillor", args=["exampleshire"]) in home


def test_ward_pages_and_find_by_postcode(client, vale):
    _d, _r = vale
    wards = text(client.get(reverse("publishing:wards", args=["exampleshire"])))
    assert "North Ward" in wards and "South Ward" in wards
    ward = text(client.get(reverse("publishing:ward", args=["exampleshire", "north"])))
    assert "Ada Zephyr" in ward and "Ben Abbott" not in ward and "Former" not in ward
    assert client.get(reverse("publishing:ward", args=["exampleshire", "east"])).status_code == 404

    find = reverse("publishing:find_councillor", args=["exampleshire"])
    blank = text(client.get(find))
    assert 'name="postcode"' in blank and "There is a problem" not in blank
    found = text(client.get(find, {"postcode": " dt11ad "}))
    assert "DT1 1AD is in North Ward" in found and "Ada Zephyr" in found
    assert "Ben Abbott" not in found
    missing = text(client.get(find, {"postcode": "DT9 9ZZ"}))  # another council's postcode
    assert "We could not find DT9 9ZZ in Exampleshire County Council's postcodes" in missing
    assert "Otherbyman" not in missing and 'value="DT9 9ZZ"' in missing
    wrong = text(client.get(find, {"postcode": "hello"}))
    assert "Enter a full UK postcode" in wrong and 'value="hello"' in wrong
    assert "Enter a postcode" in text(client.get(find, {"postcode": ""}))


def test_councillor_page_shows_what_was_agreed_and_their_roles(client, vale):
    d, r = vale
    ben = r["ben"]
    committee = CommitteeFactory(council=d.council, name="Planning Committee")
    Membership.objects.create(committee=committee, person=ben, role=MembershipRole.CHAIRMAN)
    Surgery.objects.create(
        council=d.council,
        person=ben,
        where="South Library",
        when="First Saturday of the month, 10am to 12 noon",
        notes="No appointment needed.",
    )
    page = text(client.get(councillor_url(ben)))
    assert "ben.abbott@example.gov.uk" in page  # agreed
    assert "01632 960123" not in page and "1 Hidden Lane" not in page  # not agreed
    assert "South Ward" in page and "Green Party" in page
    assert "Planning Committee" in page and "Chairman" in page
    assert "South Library" in page and "First Saturday of the month" in page
    assert "Register of interests" in page
    ada = text(client.get(councillor_url(r["ada"])))
    assert r["ada"].email not in ada and "No surgeries are listed" in ada
    assert "Contact Cllr Ada Zephyr through the council" in ada


def test_photo_uploaded_checked_redrawn_and_served_safely(client, vale, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    d, r = vale
    ada = r["ada"]
    edit = reverse("backoffice:setup_person", args=[ada.pk])
    base = {
        "kind": ada.kind,
        "honorific": "Cllr",
        "first_name": "Ada",
        "last_name": "Zephyr",
        "ward": ada.ward_id,
        "political_group": ada.political_group_id,
        "is_active": "on",
        "phone": "01632 960999",
    }
    form = text(d.client.get(edit))
    assert 'enctype="multipart/form-data"' in form
    # A photo needs its description; what was typed is kept.
    response = d.client.post(
        edit, {**base, "photo": SimpleUploadedFile("me.png", picture(), "image/png")}
    )
    refused(response, "Describe the photo for people who cannot see it.", kept=("01632 960999",))
    # Not an image (whatever it is called), or too big to decode: refused.
    fake = SimpleUploadedFile("me.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    response = d.client.post(edit, {**base, "photo": fake, "photo_alt": "Ada"})
    refused(response, "The photo must be a JPEG or PNG.")
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, format="GIF")
    response = d.client.post(
        edit, {**base, "photo": SimpleUploadedFile("a.gif", gif.getvalue()), "photo_alt": "Ada"}
    )
    refused(response, "The photo must be a JPEG or PNG.")
    # Publishing a phone number needs one.
    response = d.client.post(edit, {**base, "phone": "", "publish_phone": "on"})
    refused(response, "Enter a phone number to publish, or untick its publish box.")

    response = d.client.post(
        edit,
        {
            **base,
            "publish_phone": "on",
            "photo": SimpleUploadedFile("holiday.png", picture(size=(1600, 1200)), "image/png"),
            "photo_alt": "Councillor Ada Zephyr, smiling",
        },
    )
    assert response.status_code == 302
    ada = Person.objects.get(pk=ada.pk)
    assert ada.photo.name.endswith(".jpg") and "holiday" not in ada.photo.name
    with Image.open(ada.photo.path) as kept:
        assert (kept.format, kept.size) == ("JPEG", (800, 600))
    page = text(client.get(councillor_url(ada)))
    assert 'alt="Councillor Ada Zephyr, smiling"' in page and "01632 960999" in page
    src = re.search(r'<img src="([^"]+)"', page).group(1)
    photo = client.get(src)
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"
    assert photo["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in photo["Content-Security-Policy"]
    assert b"".join(photo.streaming_content)[:3] == b"\xff\xd8\xff"

    # Removing it removes it from the page and the file from storage.
    response = d.client.post(edit, {**base, "remove_photo": "on"})
    assert response.status_code == 302
    ada = Person.objects.get(pk=ada.pk)
    assert not ada.photo and ada.photo_alt == ""
    assert "<img" not in text(client.get(councillor_url(ada)))
    assert client.get(src).status_code == 404


def test_surgeries_set_up_by_officers_with_bad_input_refused(client, vale):
    d, r = vale
    new = reverse("backoffice:setup_surgery_new", args=["exampleshire"])
    assert "Surgeries" in text(
        d.client.get(reverse("backoffice:setup_council", args=["exampleshire"]))
    )
    response = d.client.post(new, {"person": r["ada"].pk, "where": "", "when": "Mondays"})
    refused(response, "Enter the place.", kept=("Mondays",))
    other = CouncillorFactory(council=d.other)
    response = d.client.post(new, {"person": other.pk, "where": "Hall", "when": "Mondays"})
    refused(response, "Choose one of the options listed")
    response = d.client.post(
        new, {"person": r["ada"].pk, "where": "North Hall", "when": "Mondays, 6pm to 7pm"}
    )
    assert response.status_code == 302
    surgery = Surgery.objects.get()
    assert (surgery.council, surgery.person) == (d.council, r["ada"])
    listed = text(d.client.get(reverse("backoffice:setup_surgeries", args=["exampleshire"])))
    assert "North Hall" in listed
    page = text(client.get(councillor_url(r["ada"])))
    assert "North Hall" in page and "Mondays, 6pm to 7pm" in page


def test_oparl_person_has_the_email_only_with_consent(client, vale):
    from minutebook.api.common import PREFIX

    _d, r = vale
    for person, shown in ((r["ben"], True), (r["ada"], False)):
        got = client.get(f"{PREFIX}/person/{person.pk}")
        assert got.status_code == 200
        assert (got.json().get("email") == [person.email]) is shown
