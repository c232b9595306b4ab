"""Citations (placeholder; the metadata/citations helper replaces this)."""

from kehoach.ingest.document import Document
from kehoach.ingest.models import Citation, DocRef, PlanMeta


def extract_citations(doc: Document, plan: PlanMeta) -> tuple[list[Citation], list[DocRef]]:
    return [], []
