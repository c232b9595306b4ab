"""Readers: a file -> decoded text. (Placeholder: UTF-8 .txt only; the readers helper replaces this.)"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path


class ReadError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class SourceText:
    text: str
    format: str
    encoding: str | None = None
    sha256: str | None = None
    warnings: list[str] = field(default_factory=list)


def read_document(path: Path) -> SourceText:
    data = Path(path).read_bytes()
    if not data.strip():
        raise ReadError("empty file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReadError("not UTF-8 text") from None
    return SourceText(text=text, format="txt", encoding="utf-8", sha256=hashlib.sha256(data).hexdigest())


SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm")


def iter_input_files(paths) -> tuple[list[Path], list[str]]:
    """Expand files and folders (recursively, sorted, hidden files skipped); return (files, missing)."""
    files: list[Path] = []
    missing: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file()
                                and not any(part.startswith(".") for part in f.relative_to(p).parts)))
        elif p.is_file():
            files.append(p)
        else:
            missing.append(str(p))
    return files, missing
