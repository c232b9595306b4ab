"""Plan metadata (placeholder; the metadata/citations helper replaces this)."""

from kehoach.ingest.document import Document
from kehoach.ingest.models import PlanMeta


def extract_metadata(doc: Document) -> tuple[str, PlanMeta]:
    return "plan", PlanMeta()
