"""The marker of an input field left out: the use case keeps what is stored.

Distinct from None, which clears a nullable field.
"""

from __future__ import annotations

from typing import Final


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Final = _Unchanged()
