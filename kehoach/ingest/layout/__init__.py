"""Layout segmentation: normalized text -> ``Layout`` (sections of ``SECTION_KINDS``, each with its blocks).

Stages: ``blocks.lines`` (non-blank lines with offsets) -> ``sections.segment`` (boundaries from the vocabulary
in ``kehoach/ontology/gazetteers/layout.json``) -> ``blocks.make_blocks`` (paragraphs and list items).

>>> [s.kind for s in segment("KẾ HOẠCH\\nVề thông tin đối ngoại\\nI. MỤC ĐÍCH\\n1. Mục đích\\n").sections]
['title', 'purpose']
"""

from kehoach.ingest.layout.blocks import Line, lines, make_blocks, parse_marker
from kehoach.ingest.layout.sections import segment
from kehoach.ingest.layout.vocab import section_kind

__all__ = ["Line", "lines", "make_blocks", "parse_marker", "section_kind", "segment"]
