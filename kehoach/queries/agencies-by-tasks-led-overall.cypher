// description: Agencies ranked by tasks led over the whole corpus, summed over jurisdictions by agency name.
// columns: agency, jurisdictions, tasks
// jurisdictions = number of distinct jurisdictions (strings, "" counts as one) in which an agency of that name leads.
// order: tasks desc, agency, jurisdictions
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)<-[:LEADS]-(a:Agency)
RETURN a.name AS agency, count(DISTINCT a.jurisdiction) AS jurisdictions, count(DISTINCT t) AS tasks
ORDER BY tasks DESC, agency, jurisdictions
