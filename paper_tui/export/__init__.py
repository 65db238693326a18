"""Papers for other tools: JSON, CSV and BibTeX.

Other packages import only the names below, from the package itself; they are
loaded on first use (`paper_tui.lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paper_tui.lazy import lazy_names

if TYPE_CHECKING:
    from paper_tui.export.formats import export, to_json

_PUBLIC = {
    "export": "formats",
    "to_json": "formats",
}
"""Each public name and the module of this package that defines it."""

__all__ = [
    "export",
    "to_json",
]

if not TYPE_CHECKING:
    __getattr__ = lazy_names(__name__, _PUBLIC)
