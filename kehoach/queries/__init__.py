"""The analyst question library (NAME.rq / NAME.cypher) and the runners for each engine."""
