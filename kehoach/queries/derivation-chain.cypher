// description: The derivation chain of a plan up to central documents: what it implements, what issued that, and so on.
// param: plan — a plan number ("99/KH-UBND") or title
// columns: depth, plan, number, issuer, relation
// Steps follow DERIVES_FROM (the plan implements the document) and ISSUES (a decision issues a plan) edges
// outwards, up to 6 steps. One row per reached document and relation of the step that reaches it, with the
// smallest depth; plan = the reached document's number, else its title; relation = DERIVES_FROM | ISSUES.
// Dialects: the step's type is told from the node it leaves, not from type(r) (Neo4j) / label(r) (ladybug):
// DERIVES_FROM leaves a Plan, ISSUES a LegalDocument, and only Plan nodes have the property `ingested`.
// The shortest way to each x is taken before the last step (the same rows; at 100k plans about 20% faster:
// ladybug then joins the last step on fewer rows).
// order: depth, plan, number, issuer, relation
MATCH (start:Plan)
WHERE lower(replace(start.number, ' ', '')) = lower(replace($plan, ' ', ''))
   OR lower(start.title) = lower($plan)
MATCH path = (start)-[:DERIVES_FROM|ISSUES*0..5]->(x)
WITH start, x, min(length(path)) AS steps
MATCH (x)-[:DERIVES_FROM|ISSUES]->(doc)
WHERE doc.id <> start.id
WITH doc, CASE WHEN x.ingested IS NULL THEN 'ISSUES' ELSE 'DERIVES_FROM' END AS relation, min(steps) + 1 AS depth
RETURN depth, CASE WHEN doc.number <> '' THEN doc.number ELSE doc.title END AS plan,
       doc.number AS number, doc.issuer AS issuer, relation
ORDER BY depth, plan, number, issuer, relation
