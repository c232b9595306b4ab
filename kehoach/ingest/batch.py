"""Extracting many files: one ``ExtractResult`` per file, failures isolated per file.

(Sequential placeholder: the scale helper makes this a process pool with a content-hash cache.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from kehoach.ingest.models import ExtractedDocument


@dataclass
class ExtractResult:
    path: str
    record: ExtractedDocument | None = None
    error: str | None = None  # "PATH: reason" when the file failed


def extract_one(path: str | Path) -> ExtractResult:
    from kehoach.ingest.pipeline import ExtractionError, extract_file

    try:
        return ExtractResult(path=str(path), record=extract_file(path))
    except ExtractionError as err:
        return ExtractResult(path=str(path), error=str(err))
    except Exception as err:  # an extractor bug must not take the other files down
        return ExtractResult(path=str(path), error=f"{path}: internal error ({type(err).__name__}: {err})")


def extract_many(paths: Iterable[str | Path]) -> Iterator[ExtractResult]:
    for p in paths:
        yield extract_one(p)
