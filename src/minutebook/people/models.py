"""People of the council: councillors, officers and co-opted members, with wards,
political groups and council terms.

Members of the public who ask questions are not Persons (see ``participation``).
``normalised_name`` lets the importer match names printed in packs ("Cllr. D Walsh",
"Daryl Turner (Chairman)") to people already held, without fuzzy guessing in SQL.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from minutebook.core.inputs import validate_name
from minutebook.councils.models import Council

#: Courtesy titles and offices printed before names; dropped when matching names.
HONORIFIC_WORDS = frozenset(
    {
        "cllr",
        "councillor",
        "county",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "rev",
        "revd",
        "reverend",
        "lord",
        "lady",
        "the",
    }
)


def normalise_name(name: str) -> str:
    """A matching key for a printed name: lower case, ASCII, no honorifics or asides.

    "Cllr. Séan O'Neill-Smith (Vice-Chairman)" -> "sean oneill smith".
    """
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"\([^)]*\)", " ", text)  # "(Chairman)", "(Leader)"
    text = text.lower().replace("'", "").replace("\u2019", "")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    words = text.split()
    while words and words[0] in HONORIFIC_WORDS:
        words.pop(0)
    return " ".join(words)


def photo_upload_to(instance: Person, filename: str) -> str:
    """A fresh name for each photo: the uploader's file name is never used."""
    return f"people/photos/{instance.council_id}/{uuid.uuid4().hex}.jpg"


class Ward(models.Model):
    """A ward or electoral division: the area a councillor is elected for."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="wards")
    name = models.CharField(max_length=150, validators=[validate_name])
    slug = models.SlugField(max_length=80)
    gss_code = models.CharField(
        "GSS code", max_length=9, blank=True, help_text="ONS code of the ward or division."
    )
    is_division = models.BooleanField(
        default=False, help_text="An electoral division (county councils) rather than a ward."
    )
    seats = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["council", "name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="unique_ward_name"),
            models.UniqueConstraint(fields=["council", "slug"], name="unique_ward_slug"),
        ]

    def __str__(self) -> str:
        return self.name


class PoliticalGroup(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="political_groups")
    name = models.CharField(max_length=150, validators=[validate_name])
    short_name = models.CharField(max_length=30, blank=True, validators=[validate_name])
    colour = models.CharField(max_length=7, blank=True, help_text="Hex colour, e.g. #ffcc00.")
    is_independent = models.BooleanField(
        default=False, help_text="Members not in a political group (LGHA 1989 s15 balance)."
    )
    #: OParl ``created``/``modified`` (an Organization): syncing clients filter on them.
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["council", "name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="unique_group_name"),
        ]

    def __str__(self) -> str:
        return self.name


class LegislativeTerm(models.Model):
    """The period between ordinary elections (OParl LegislativeTerm)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="legislative_terms")
    name = models.CharField(max_length=100, help_text='E.g. "2024 to 2029".')
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    #: OParl ``created``/``modified``: syncing clients filter on them.
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["council", "-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["council", "start_date"], name="unique_term_start"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=F("start_date")),
                name="term_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PersonKind(models.TextChoices):
    COUNCILLOR = "councillor", "Councillor"
    OFFICER = "officer", "Officer"
    CO_OPTED = "co_opted", "Co-opted member"


class Person(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="people")
    kind = models.CharField(max_length=12, choices=PersonKind.choices, db_index=True)
    honorific = models.CharField(
        max_length=30,
        blank=True,
        help_text='As printed before the name: "Cllr", "Dr".',
        validators=[validate_name],
    )
    first_name = models.CharField(max_length=100, blank=True, validators=[validate_name])
    middle_names = models.CharField(max_length=100, blank=True, validators=[validate_name])
    last_name = models.CharField(max_length=100, validators=[validate_name])
    post_nominals = models.CharField(
        max_length=50, blank=True, help_text='E.g. "MBE".', validators=[validate_name]
    )
    normalised_name = models.CharField(
        max_length=255,
        editable=False,
        db_index=True,
        help_text="Matching key for imported names (no honorifics, case or accents).",
    )
    job_title = models.CharField(
        max_length=200,
        blank=True,
        help_text="Officers: post title. Councillors: a role.",
        validators=[validate_name],
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(
        blank=True, help_text="An address for letters, if the councillor gives one."
    )
    # Consent, field by field: the public site shows a contact detail only when ticked.
    publish_email = models.BooleanField("Publish the email address", default=False)
    publish_phone = models.BooleanField("Publish the phone number", default=False)
    publish_address = models.BooleanField("Publish the address", default=False)
    photo = models.FileField(upload_to=photo_upload_to, blank=True, max_length=200)
    photo_alt = models.CharField(
        "Photo description",
        max_length=200,
        blank=True,
        help_text="Alternative text for the photo, e.g. “Councillor Jo Bloggs, smiling”.",
    )
    political_group = models.ForeignKey(
        PoliticalGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    ward = models.ForeignKey(
        Ward, on_delete=models.SET_NULL, null=True, blank=True, related_name="councillors"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text="Login for officers and members, if any.",
    )
    is_active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["council", "last_name", "first_name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["council", "normalised_name"])]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.normalised_name = normalise_name(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "normalised_name"}
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.middle_names, self.last_name) if p)

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.honorific, self.full_name) if p)


class Surgery(models.Model):
    """A councillor's advice surgery: where and when residents can meet them."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="surgeries")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="surgeries")
    where = models.CharField(max_length=200, validators=[validate_name])
    when = models.CharField(
        max_length=200,
        validators=[validate_name],
        help_text="E.g. “First Saturday of the month, 10am to 12 noon”.",
    )
    notes = models.TextField(blank=True, help_text="E.g. “No appointment needed”.")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["council", "person", "pk"]
        verbose_name_plural = "surgeries"

    def __str__(self) -> str:
        return f"{self.person}: {self.where}, {self.when}"


class PostcodeWard(models.Model):
    """Which of the council's wards a postcode is in (loaded from the ONS Postcode
    Directory by ``minutebook load-postcodes``); answers "find your councillor"."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="postcodes")
    #: Upper case, one space before the last three characters: "SW1A 1AA".
    postcode = models.CharField(max_length=8)
    ward = models.ForeignKey(Ward, on_delete=models.CASCADE, related_name="postcodes")

    class Meta:
        ordering = ["council", "postcode"]
        constraints = [
            models.UniqueConstraint(fields=["council", "postcode"], name="unique_council_postcode"),
        ]

    def __str__(self) -> str:
        return f"{self.postcode}: {self.ward}"
