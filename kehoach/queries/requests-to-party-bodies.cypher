// description: Requests ("Đề nghị …") a plan addresses to Party bodies and mass organizations, which it cannot order.
// param: province (optional) — only the plans of this province ("Nghệ An"), case ignored; every province when omitted ("")
// columns: plan, agency, task
// Tasks marked requested, with each agency that leads them; task = the task's title.
// order: plan, agency, task
MATCH (p:Plan)-[:HAS_TASK]->(t:Task)<-[:LEADS]-(a:Agency)
WHERE t.requested AND ($province = '' OR lower(p.province) = lower($province))
RETURN DISTINCT CASE WHEN p.number <> '' THEN p.number ELSE p.title END AS plan, a.name AS agency, t.title AS task
ORDER BY plan, agency, task
