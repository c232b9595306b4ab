// description: How many tasks have each timeframe ("" = no timeframe printed).
// columns: timeframe, tasks
// order: tasks desc, timeframe
MATCH (t:Task)
RETURN t.timeframe AS timeframe, count(*) AS tasks
ORDER BY tasks DESC, timeframe
