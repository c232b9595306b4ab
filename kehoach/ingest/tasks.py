"""Tasks (placeholder; the agencies/tasks helper replaces this)."""

from kehoach.ingest.document import Document
from kehoach.ingest.models import Agency, PlanMeta, Task


def extract_tasks(doc: Document, plan: PlanMeta, agencies: list[Agency]) -> list[Task]:
    return []
