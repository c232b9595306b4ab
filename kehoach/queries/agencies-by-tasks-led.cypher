// description: Agencies ranked by the number of tasks they lead, per plan.
// param: plan (optional) — a plan number ("978/KH-UBND") or title; every plan when omitted ("")
// columns: plan, agency, jurisdiction, tasks
// A plan is shown by its number, else its title; tasks = distinct tasks of the plan the agency (node) leads.
// A LEADS relationship is unique per (agency, task) and a task belongs to one plan: count(*) counts distinct tasks.
// order: tasks desc, agency, plan, jurisdiction
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)<-[:LEADS]-(a:Agency)
WHERE $plan = ''
   OR lower(replace(p.number, ' ', '')) = lower(replace($plan, ' ', ''))
   OR lower(p.title) = lower($plan)
RETURN CASE WHEN p.number <> '' THEN p.number ELSE p.title END AS plan,
       a.name AS agency, a.jurisdiction AS jurisdiction, count(*) AS tasks
ORDER BY tasks DESC, agency, plan, jurisdiction
