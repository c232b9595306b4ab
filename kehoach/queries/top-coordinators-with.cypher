// description: Agencies that work most with a given agency: tasks where both take part (leading or coordinating).
// param: agency — the agency's name ("Sở Thông tin và Truyền thông"), case ignored; every jurisdiction
// columns: agency, jurisdiction, shared_tasks
// shared_tasks = distinct tasks that an agency of the given name and the row's agency both lead or coordinate.
// order: shared_tasks desc, agency, jurisdiction
MATCH (a:Agency)-[:LEADS|COORDINATES]->(t:Task)<-[:LEADS|COORDINATES]-(o:Agency)
WHERE lower(a.name) = lower($agency) AND lower(o.name) <> lower($agency)
RETURN o.name AS agency, o.jurisdiction AS jurisdiction, count(DISTINCT t) AS shared_tasks
ORDER BY shared_tasks DESC, agency, jurisdiction
