// description: The legal bases a plan names in its preamble ("Căn cứ …", "Thực hiện …").
// param: plan — a plan number or title
// columns: number, doc_type, issuer, date
// One row per BASED_ON document; "" for what the citation does not give.
// order: date, number, doc_type, issuer
MATCH (p:Plan)-[:BASED_ON]->(d)
WHERE lower(replace(p.number, ' ', '')) = lower(replace($plan, ' ', ''))
   OR lower(p.title) = lower($plan)
RETURN DISTINCT d.number AS number, d.doc_type AS doc_type, d.issuer AS issuer, d.date AS date
ORDER BY date, number, doc_type, issuer
