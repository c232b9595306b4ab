"""records -> one resolved graph (networkx MultiDiGraph, stable ids, provenance) -> writers."""
