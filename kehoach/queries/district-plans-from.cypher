// description: District and commune plans derived (directly, or through the decision that issues it) from a provincial plan.
// param: plan (optional) — the provincial plan's number or title; every provincial plan when omitted ("")
// columns: provincial_plan, district_plan, district, commune
// A district's plan (level district) reaches the provincial plan (level province) in one or two DERIVES_FROM /
// ISSUES steps; so does a commune's plan (level commune: after the 2025 reform, with no district between) that
// does not derive from a district's plan (that one is in derivation-chain). district_plan = the lower plan's
// number, else its title; district = its district's name ("" after 2025); commune = "xã …" for a commune's plan.
// order: provincial_plan, district, commune, district_plan
MATCH (dp:Plan)-[:DERIVES_FROM|ISSUES*1..2]->(pp:Plan)
WHERE pp.level = 'province'
  AND (dp.level = 'district'
       OR dp.level = 'commune' AND NOT EXISTS { MATCH (dp)-[:DERIVES_FROM]->(up:Plan) WHERE up.level = 'district' })
  AND ($plan = ''
       OR lower(replace(pp.number, ' ', '')) = lower(replace($plan, ' ', ''))
       OR lower(pp.title) = lower($plan))
RETURN DISTINCT CASE WHEN pp.number <> '' THEN pp.number ELSE pp.title END AS provincial_plan,
       CASE WHEN dp.number <> '' THEN dp.number ELSE dp.title END AS district_plan, dp.district AS district,
       dp.commune AS commune
ORDER BY provincial_plan, district, commune, district_plan
