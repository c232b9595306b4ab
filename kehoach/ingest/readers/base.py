"""What every reader shares: the error type, the result type, and the size limit.

>>> src = SourceText(text="KẾ HOẠCH", format="txt", encoding="utf-8")
>>> src.format, src.warnings
('txt', [])
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

MAX_MB = 50  # files larger than this are refused; override with the environment variable KEHOACH_MAX_MB
MAX_MB_ENV = "KEHOACH_MAX_MB"


class ReadError(Exception):
    """A file could not be read as a document; ``reason`` is one line for the user.

    >>> ReadError("empty file").reason
    'empty file'
    """

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class SourceText:
    """Decoded text of one file: ``format`` (txt | docx | pdf | html), the ``encoding`` a text file was read with,
    ``sha256`` of the file's bytes, and ``warnings`` (one line each) about how it was read."""

    text: str
    format: str
    encoding: str | None = None
    sha256: str | None = None
    warnings: list[str] = field(default_factory=list)


def max_bytes() -> int:
    """The size limit in bytes: ``MAX_MB`` mebibytes, or ``$KEHOACH_MAX_MB`` when set to a number.

    >>> max_bytes() == MAX_MB * 2**20 or MAX_MB_ENV in os.environ
    True
    """
    raw = os.environ.get(MAX_MB_ENV, "").strip()
    try:
        mb = float(raw) if raw else MAX_MB
    except ValueError:
        mb = MAX_MB
    return int(mb * 2**20) if mb > 0 else MAX_MB * 2**20


def size_text(n: int) -> str:
    """A human size: ``size_text(52_428_800) == '50.0 MB'``.

    >>> size_text(52_428_800)
    '50.0 MB'
    """
    return f"{n / 2**20:.1f} MB"
