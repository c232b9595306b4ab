// description: The tasks an agency leads or coordinates, in every plan (or one province's plans).
// param: agency — the agency's name ("Sở Ngoại vụ"), case ignored; every jurisdiction
// param: province (optional) — only the plans of this province ("Nghệ An"), case ignored; every province when omitted ("")
// columns: plan, ref, task, role
// task = the task's title; role = lead | coordinator.
// Dialects: the role is told from the relationship's properties, not from type(r) (Neo4j) / label(r)
// (ladybug): only LEADS carries `requested`, so it is null on COORDINATES.
// order: plan, ref, task, role
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)<-[r:LEADS|COORDINATES]-(a:Agency)
WHERE lower(a.name) = lower($agency) AND ($province = '' OR lower(p.province) = lower($province))
RETURN DISTINCT CASE WHEN p.number <> '' THEN p.number ELSE p.title END AS plan, t.ref AS ref, t.title AS task,
       CASE WHEN r.requested IS NULL THEN 'coordinator' ELSE 'lead' END AS role
ORDER BY plan, ref, task, role
