"""The form every officer upload of a Document goes through (admin and its inlines).

Its ``clean_file`` is the upload gate (``documents.uploads.check_upload``): a refused
file is an error on the file field naming the reason, and the rest of the form comes
back as typed. ``media_type`` is not a field: it is found from the content.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from minutebook.councils.models import Council
from minutebook.documents.models import Document
from minutebook.documents.uploads import DEFAULT_MAX_MB, check_upload


class DocumentUploadForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["file"]

    def _council(self) -> Council | None:
        council = self.cleaned_data.get("council")
        if isinstance(council, Council):
            return council
        if self.instance.council_id:
            return self.instance.council
        # An appendix added under a report: the report (saved or not) names the council.
        report = getattr(self.fields.get("report"), "parent_instance", None)
        if report is None and self.instance.report_id:
            report = self.instance.report
        return report.council if report is not None and report.council_id else None

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            council = self._council()
            check_upload(
                upload, upload.name or "", council.max_upload_mb if council else DEFAULT_MAX_MB
            )
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.instance.council_id and "council" not in self.fields:
            council = self._council()
            if council is not None:
                self.instance.council = council
        return cleaned
