// description: Plans citing a given document (any citation; role = basis when it is a legal basis of the preamble).
// param: number — the cited document's number ("72/2015/NĐ-CP"), spaces and case ignored
// columns: plan, number, issuer, date, role
// plan = the citing plan (number, else title); number/issuer/date are the citing plan's ("" when unknown).
// order: plan, number, issuer, date, role
MATCH (p:Plan)-[c:CITES]->(d)
WHERE lower(replace(d.number, ' ', '')) = lower(replace($number, ' ', ''))
RETURN DISTINCT CASE WHEN p.number <> '' THEN p.number ELSE p.title END AS plan,
       p.number AS number, p.issuer AS issuer, p.date AS date, c.role AS role
ORDER BY plan, number, issuer, date, role
