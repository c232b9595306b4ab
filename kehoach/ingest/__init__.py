"""files -> text -> extraction records: readers, normalization, layout, extractors (metadata, citations,
agencies, tasks). Each stage is a small module over the plain data of ``models`` and ``document``."""
