"""``minutebook backup`` and ``minutebook restore``: the database and the files, together.

A backup is one gzipped tar archive (``minutebook-backup/1``, see ``manifest``): the
database as its engine's own dump (``database``), every file under ``MEDIA_ROOT``, and
``manifest.json`` last, holding the sha256 of every other member. Native dumps, not
``dumpdata``: they carry every row whatever the default manager hides (exempt rows),
the append-only audit trail, and what is not a Django field at all (FTS5 tables,
generated columns, triggers). ``service`` runs the steps; ``docs/backup.md`` says why.
"""
