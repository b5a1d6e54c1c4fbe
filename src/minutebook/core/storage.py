"""Django's file storage, writing each file whole or not at all (``core.atomic``).

Configured as ``STORAGES["default"]``: officers' uploads and generated packs and
minutes all go through it, so a full disk never leaves a truncated file under
``MEDIA_ROOT``.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.files.storage import FileSystemStorage
from django.utils._os import safe_makedirs

from minutebook.core.atomic import claim, fsync_directory, remove, write_temporary


class AtomicFileSystemStorage(FileSystemStorage):
    """``FileSystemStorage`` whose files appear under their names only when complete.

    Content (an in-memory or a temporary upload, a generated pack) is streamed to a
    temporary file beside the target, synced, then linked to the name Django chose;
    if that name was taken meanwhile, another is chosen, as Django does. Nothing is
    left behind when writing fails.
    """

    def _save(self, name: str, content: Any) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        try:
            if self.directory_permissions_mode is not None:
                safe_makedirs(directory, self.directory_permissions_mode, exist_ok=True)
            else:
                os.makedirs(directory, exist_ok=True)
        except FileExistsError as exc:
            raise FileExistsError(f"{directory} exists and is not a directory.") from exc

        # A temporary upload is streamed too: Django moves it by copying into the target
        # name when /tmp is another filesystem, which a full disk would leave truncated.
        temporary = write_temporary(directory, content.chunks())
        try:
            if self.file_permissions_mode is not None:
                os.chmod(temporary, self.file_permissions_mode)
            while True:
                try:
                    if self._allow_overwrite:  # type: ignore[attr-defined]  # not in the stubs
                        os.replace(temporary, full_path)
                    else:
                        claim(temporary, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        except BaseException:
            remove(temporary)
            raise
        fsync_directory(os.path.dirname(full_path))
        return os.path.relpath(full_path, self.location).replace("\\", "/")
