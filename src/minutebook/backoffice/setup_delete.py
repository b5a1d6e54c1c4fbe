"""Deleting a set-up record that was never used (a ward, group, venue, committee, person).

Why only unused ones: a record that anything points to is part of the council's record
(a meeting's venue, a councillor's ward, a committee's meetings): deleting it would
rewrite or lose history, so it is made inactive or ended instead and the page says how.
"Used" means any row of any table that refers to it, found from the model's relations,
so a new relation added later is counted without a change here. The few rows that only
describe the record itself (a committee's standing items and members, before it ever
met) go with it when the kind names them in ``Kind.deletes_with``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Model, ProtectedError, RestrictedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from minutebook.audit.context import acting
from minutebook.core.forms import GovukFormMixin


class ConfirmDeleteForm(GovukFormMixin, forms.Form):
    """A tick, so a stray or empty post deletes nothing."""

    confirm = forms.BooleanField(
        label="Yes, delete it",
        error_messages={"required": "Tick the box to confirm the deletion."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


def uses_of(obj: Model, deletes_with: tuple[str, ...] = ()) -> list[str]:
    """What refers to ``obj``, as "2 meetings", "1 membership" (empty: never used).

    Counted through each table's base manager, so exempt rows, which the public managers
    hide, count too. Relations with no reverse accessor (``related_name="+"``, such as a
    forward plan entry's lead officer) count as well: ``_meta.related_objects`` leaves them
    out, and deleting would silently empty (``SET_NULL``) or be refused on them. The
    hidden join tables of many-to-many fields are counted through their field instead.
    """
    found = []
    for rel in obj._meta.get_fields(include_hidden=True):
        if not rel.auto_created or rel.concrete or not rel.is_relation:
            continue  # not a relation from another table to this one
        if rel.related_model._meta.auto_created:
            continue  # a many-to-many join table
        if rel.get_accessor_name() in deletes_with:
            continue
        model = rel.related_model
        count = model._base_manager.filter(**{rel.field.name: obj}).count()
        if count:
            meta = model._meta
            noun = meta.verbose_name if count == 1 else meta.verbose_name_plural
            found.append(f"{count} {noun}")
    return found


def delete_page(
    request: HttpRequest,
    kind: Any,
    obj: Model,
    *,
    council: Any,
    name: str,
    done: str,
    back: str,
) -> HttpResponse:
    """Confirm and delete ``obj`` if nothing uses it; otherwise say what does, and how to
    retire it instead (``kind.instead``). A row added at the same moment that makes it
    used is caught by the database (protected or restricted) and reported the same way."""
    from minutebook.backoffice.setup import crumbs

    uses = uses_of(obj, tuple(kind.deletes_with))
    form = ConfirmDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not uses and form.is_valid():
        try:
            with transaction.atomic(), acting(request.user, reason="Deleted: never used"):
                obj.delete()
        except (ProtectedError, RestrictedError, IntegrityError):
            uses = uses_of(obj, tuple(kind.deletes_with)) or ["a record saved at the same moment"]
        else:
            messages.success(request, f"The {kind.noun} {name} is deleted.")
            return redirect(done)
    listed = reverse(kind.list_route, args=[council.slug])
    return render(
        request,
        "backoffice/setup/delete.html",
        {
            "form": form,
            "title": f"Delete {name}",
            "caption": f"{council.name}: {kind.noun}",
            "noun": kind.noun,
            "uses": uses,
            "instead": kind.instead,
            "back": back,
            "council": council,
            "breadcrumbs": crumbs(council, (kind.title, listed), (name, back)),
        },
    )


def delete_view(kind: Any, model: type[Model]) -> Any:
    """The "delete" view of a set-up record addressed by its id, behind
    ``officer_required`` (which checks the role at the record's council)."""
    from django.shortcuts import get_object_or_404

    from minutebook.backoffice.access import officer_required

    @officer_required
    def delete(request: HttpRequest, pk: int) -> HttpResponse:
        obj: Any = get_object_or_404(model, pk=pk)
        council = obj.council
        return delete_page(
            request,
            kind,
            obj,
            council=council,
            name=kind.name_of(obj),
            done=reverse(kind.list_route, args=[council.slug]),
            back=reverse(kind.edit_route, args=[obj.pk]),
        )

    return delete
