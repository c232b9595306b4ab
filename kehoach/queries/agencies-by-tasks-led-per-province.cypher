// description: Agencies ranked by tasks led, per province (tasks of every plan of the province, agencies by name).
// columns: province, agency, tasks
// province = the plan's province ("" when unknown); tasks = the tasks each agency of that name leads in plans of
// the province, summed (a task two of them lead counts for each).
// A LEADS relationship is unique per (agency, task) and a task belongs to one plan: count(*) is the sum.
// order: province, tasks desc, agency
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)<-[:LEADS]-(a:Agency)
RETURN p.province AS province, a.name AS agency, count(*) AS tasks
ORDER BY province, tasks DESC, agency
