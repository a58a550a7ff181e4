-- The API keys page: every key with its scope's name and its role, newest first; never the hash.
SELECT k.id, k.public_id, coalesce(k.description, ''),
       CASE WHEN coalesce(k.master, false) THEN 'master'
            WHEN k.property_id IS NOT NULL THEN 'property'
            ELSE 'company' END AS scope,
       coalesce(p.name, c.name, '') AS scope_name,
       coalesce(r.name, '') AS role,
       coalesce(k.is_active, false), k.inserted_at, k.last_used_at
FROM api_keys AS k
LEFT JOIN properties AS p ON p.id = k.property_id
LEFT JOIN companies AS c ON c.id = k.company_id
LEFT JOIN role AS r ON r.id = k.role_id
ORDER BY k.inserted_at DESC, k.id
