// description: Agencies ranked by the number of tasks they lead, per plan.
// param: plan (optional) — a plan number ("978/KH-UBND") or title; every plan when omitted ("")
// columns: plan, agency, jurisdiction, tasks
// A plan is shown by its number, else its title; tasks = distinct tasks of the plan the agency (node) leads.
// Read from the plan's MENTIONS edge to each agency, whose tasks_led counts the plan's tasks the agency leads
// (counted at build time from its LEADS relationships); summed, as plans printed alike make one row.
// order: tasks desc, agency, plan, jurisdiction
MATCH (p:Plan)-[m:MENTIONS]->(a:Agency)
WHERE m.tasks_led > 0
  AND ($plan = ''
       OR lower(replace(p.number, ' ', '')) = lower(replace($plan, ' ', ''))
       OR lower(p.title) = lower($plan))
RETURN CASE WHEN p.number <> '' THEN p.number ELSE p.title END AS plan,
       a.name AS agency, a.jurisdiction AS jurisdiction, sum(m.tasks_led) AS tasks
ORDER BY tasks DESC, agency, plan, jurisdiction
