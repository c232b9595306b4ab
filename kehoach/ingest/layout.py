"""Layout segmentation (placeholder: one body section; the layout helper replaces this)."""

from kehoach.ingest.document import Layout, Section


def segment(text: str) -> Layout:
    return Layout(sections=[Section(kind="body", start=0, end=len(text))])
