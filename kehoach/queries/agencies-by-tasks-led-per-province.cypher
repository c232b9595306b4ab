// description: Agencies ranked by tasks led, per province (tasks of every plan of the province, agencies by name).
// columns: province, agency, tasks
// province = the plan's province ("" when unknown); tasks = the tasks each agency of that name leads in plans of
// the province, summed (a task two of them lead counts for each).
// Read from the plan's MENTIONS edge to each agency, whose tasks_led counts the plan's tasks the agency leads
// (counted at build time from its LEADS relationships): one edge per (plan, agency), not a join of every task.
// order: province, tasks desc, agency
MATCH (p:Plan)-[m:MENTIONS]->(a:Agency)
WHERE m.tasks_led > 0
RETURN p.province AS province, a.name AS agency, sum(m.tasks_led) AS tasks
ORDER BY province, tasks DESC, agency
