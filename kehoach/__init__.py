"""kehoach: a knowledge graph of Vietnamese government plans.

Public API (see README.md):

>>> from kehoach import extract_text
>>> rec = extract_text("Số: 12/KH-UBND\\n\\nKẾ HOẠCH\\nThông tin đối ngoại năm 2024\\n", file="x.txt")
>>> rec.file
'x.txt'
"""

from kehoach.ingest.pipeline import ExtractionError, extract_file, extract_text

__all__ = ["ExtractionError", "extract_file", "extract_text", "__version__"]
__version__ = "0.1.0"
