"""The vocabulary: kehoach.ttl (OWL), shapes.ttl (SHACL), gazetteers (data files), term constants (terms.py)."""

from pathlib import Path

ONTOLOGY_DIR = Path(__file__).parent
