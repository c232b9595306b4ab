"""Tasks: the assignable units of a plan and the agencies that lead and coordinate them.

Three layouts (``kehoach.ingest.layout`` gives the sections and blocks): content items with their own
assignment lines (``content``), implementation paragraphs and their bullets (``implementation``), and the
appendix task table (``appendix``). Agency names come from the document's agency mentions, so a task's
leads and coordinators are canonical names of ``extract_agencies``.

>>> from kehoach.ingest.document import Document
>>> from kehoach.ingest.models import Issuer, PlanMeta
>>> plan = PlanMeta(issuer=Issuer("Ủy ban nhân dân", "tỉnh Hà Giang"), level="province", province="Hà Giang")
>>> doc = Document.from_text("KẾ HOẠCH\\nVề thông tin đối ngoại\\nI. MỤC ĐÍCH\\nNâng cao hiệu quả.\\n"
...                          "IV. TỔ CHỨC THỰC HIỆN\\n\\n1. Sở Ngoại vụ\\n\\n- Phối hợp với Sở TT&TT tổ chức "
...                          "hội nghị.\\n\\n- Chủ trì, phối hợp với Công an tỉnh quản lý phóng viên.\\n")
>>> [(t.ref, t.leads, t.coordinators) for t in extract_tasks(doc, plan, [])]
... # doctest: +NORMALIZE_WHITESPACE
[('IV.1-b1', ['Sở Thông tin và Truyền thông'], ['Sở Ngoại vụ']),
 ('IV.1-b2', ['Sở Ngoại vụ'], ['Công an'])]
"""

from __future__ import annotations

from kehoach.ingest.agencies import doc_mentions
from kehoach.ingest.document import Document
from kehoach.ingest.layout import segment
from kehoach.ingest.models import Agency, PlanMeta, Task
from kehoach.ingest.tasks.appendix import appendix_tasks
from kehoach.ingest.tasks.content import content_tasks
from kehoach.ingest.tasks.implementation import implementation_tasks
from kehoach.ingest.tasks.roles import Mentions

__all__ = ["extract_tasks"]

EXTRACTORS = {"content": content_tasks, "implementation": implementation_tasks, "appendix": appendix_tasks}


def extract_tasks(doc: Document, plan: PlanMeta, agencies: list[Agency]) -> list[Task]:
    """Tasks of ``doc`` in document order (``agencies`` is the document's agency list, for reference)."""
    if doc.layout is None:
        doc.layout = segment(doc.text)
    mentions = Mentions(doc.text, doc_mentions(doc, plan))
    tasks: list[Task] = []
    for section in doc.layout.sections:
        extractor = EXTRACTORS.get(section.kind)
        if extractor is not None:
            tasks.extend(extractor(doc, section, mentions))
    return tasks
