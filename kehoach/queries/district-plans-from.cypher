// description: District plans derived (directly, or through the decision that issues it) from a provincial plan.
// param: plan (optional) — the provincial plan's number or title; every provincial plan when omitted ("")
// columns: provincial_plan, district_plan, district
// A district plan (level district) reaches the provincial plan (level province) in one or two DERIVES_FROM / ISSUES steps.
// order: provincial_plan, district, district_plan
MATCH (dp:Plan)-[:DERIVES_FROM|ISSUES*1..2]->(pp:Plan)
WHERE dp.level = 'district' AND pp.level = 'province'
  AND ($plan = ''
       OR lower(replace(pp.number, ' ', '')) = lower(replace($plan, ' ', ''))
       OR lower(pp.title) = lower($plan))
RETURN DISTINCT CASE WHEN pp.number <> '' THEN pp.number ELSE pp.title END AS provincial_plan,
       CASE WHEN dp.number <> '' THEN dp.number ELSE dp.title END AS district_plan, dp.district AS district
ORDER BY provincial_plan, district, district_plan
