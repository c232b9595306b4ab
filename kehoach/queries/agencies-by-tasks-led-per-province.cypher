// description: Agencies ranked by tasks led, per province (tasks of every plan of the province, agencies by name).
// columns: province, agency, tasks
// province = the plan's province ("" when unknown); agencies with the same name in one province count together.
// order: province, tasks desc, agency
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)<-[:LEADS]-(a:Agency)
RETURN p.province AS province, a.name AS agency, count(DISTINCT t) AS tasks
ORDER BY province, tasks DESC, agency
