// description: Ingested plans lacking one of the standard legal bases of foreign-information work in their preamble.
// param: province (optional) — only the plans of this province ("Nghệ An"), case ignored; every province when omitted ("")
// columns: plan, issuer, missing
// One row per missing basis among 72/2015/NĐ-CP and 22/2016/TT-BTTTT (not a BASED_ON target of the plan).
// order: plan, missing, issuer
UNWIND ['72/2015/NĐ-CP', '22/2016/TT-BTTTT'] AS missing
MATCH (p:Plan)
WHERE p.ingested AND ($province = '' OR lower(p.province) = lower($province))
OPTIONAL MATCH (p)-[:BASED_ON]->(d)
WHERE lower(replace(d.number, ' ', '')) = lower(missing)
WITH p, missing, count(d) AS found
WHERE found = 0
RETURN DISTINCT CASE WHEN p.number <> '' THEN p.number ELSE p.title END AS plan, p.issuer AS issuer, missing
ORDER BY plan, missing, issuer
