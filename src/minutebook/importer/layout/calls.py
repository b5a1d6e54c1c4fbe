"""pdfium calls made once per printed line or per space, without ctypes' argument checks.

pypdfium2 declares each function's argument types, so ctypes converts and checks every
argument on every call: about half the cost of a call to ``FPDFText_GetLooseCharBox``.  The
line reader makes that call for each line and twice for each run of spaces in a table row
(93,000 times for the 484-page benchmark PDF), always with the same argument types: the text page
handle, a Python int and a pointer to a box made once (``ctypes.byref``).  ``loose_box`` is the
same C function called with those arguments as they are; ``get_rect`` likewise reads each
of a page's text rectangles (one call per run of text).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any

import pypdfium2.raw as pdfium_c

__all__ = ["get_rect", "loose_box"]


def _unchecked(fn: Any) -> Callable[..., int]:
    """``fn`` (a pypdfium2 function returning an int) without per-call argument checks."""
    address = ctypes.cast(fn, ctypes.c_void_p).value
    if address is None:
        raise ImportError("pdfium function without an address")
    call = ctypes.CFUNCTYPE(ctypes.c_int)(address)
    call.argtypes = None  # type: ignore[assignment]
    return call


# loose_box(textpage.raw, index, ctypes.byref(FS_RECTF())) -> 1 when the box was read
loose_box = _unchecked(pdfium_c.FPDFText_GetLooseCharBox)
# get_rect(textpage.raw, index, byref(left), byref(top), byref(right), byref(bottom)) -> 1
# when rectangle ``index`` (of those ``FPDFText_CountRects`` just computed) was read
get_rect = _unchecked(pdfium_c.FPDFText_GetRect)
