"""The append-only audit trail. Use ``audit.record(action, obj, reason=...)`` for workflow
steps; changes to tracked models are recorded by signals."""

from typing import Any


def record(action: str, obj: Any = None, **kwargs: Any) -> Any:
    """See :func:`minutebook.audit.recorder.record` (imported lazily: app loading)."""
    from minutebook.audit.recorder import record as _record

    return _record(action, obj, **kwargs)
