// description: Documents cited by the most plans.
// columns: number, name, doc_type, plans
// name = the short name of a document cited by name, else its title, else ""; plans = distinct citing plans.
// (Plan nodes have no `name`: d.name is null for them, so the CASE falls through to the title.)
// A CITES relationship is unique per (plan, document): count(*) counts distinct plans.
// order: plans desc, number, name, doc_type
MATCH (p:Plan)-[:CITES]->(d)
WITH d, count(*) AS plans
RETURN d.number AS number, CASE WHEN d.name <> '' THEN d.name ELSE d.title END AS name,
       d.doc_type AS doc_type, plans
ORDER BY plans DESC, number, name, doc_type
