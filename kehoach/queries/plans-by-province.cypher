// description: Plans (ingested or cited) of each province, by date.
// param: province (optional) — a province name ("Nghệ An"); every province when omitted ("")
// columns: province, plan, date, level
// Plans whose province is known; date ISO or ""; level province | district | commune | "".
// order: province, date, plan, level
MATCH (p:Plan)
WHERE p.province <> '' AND ($province = '' OR lower(p.province) = lower($province))
RETURN DISTINCT p.province AS province, CASE WHEN p.number <> '' THEN p.number ELSE p.title END AS plan,
       p.date AS date, p.level AS level
ORDER BY province, date, plan, level
