-- Every node's queues (oban_producers) and whether that node leads (oban-py's oban_leaders
-- or the Elixir nodes' oban_peers), for the nodes table.
SELECT p.node, p.queue, coalesce((p.meta ->> 'paused')::boolean, false) AS paused,
       (p.meta ->> 'local_limit')::integer AS "limit", p.started_at,
       EXISTS (SELECT FROM oban_leaders AS l WHERE l.node = p.node AND l.expires_at > now() AT TIME ZONE 'utc')
       OR EXISTS (SELECT FROM oban_peers AS e WHERE e.node = p.node AND e.expires_at > now() AT TIME ZONE 'utc')
           AS leader
FROM oban_producers AS p
ORDER BY p.node, p.queue
