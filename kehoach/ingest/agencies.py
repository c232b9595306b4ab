"""Agencies (placeholder; the agencies/tasks helper replaces this)."""

from kehoach.ingest.document import Document
from kehoach.ingest.models import Agency, PlanMeta


def extract_agencies(doc: Document, plan: PlanMeta) -> list[Agency]:
    return []
