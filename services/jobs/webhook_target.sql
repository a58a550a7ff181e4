-- A webhook delivery and where it goes: its payload, whether it was sent, and the endpoint of
-- the company whose entry it is about (the folder's company, else its property's), if any.
SELECT d.payload, d.sent_at, w.url, w.key
FROM deliveries AS d
LEFT JOIN entries AS e ON e.id = d.entry_id
LEFT JOIN folders AS f ON f.id = e.folder_id
LEFT JOIN properties AS p ON p.id = f.property_id
LEFT JOIN webhook_endpoints AS w ON w.company_id = coalesce(f.company_id, p.company_id)
WHERE d.id = %(delivery_id)s AND d.kind = 'webhook'
