-- Publishes a product's sale metadata and creates its counters when they are missing. Existing counters
-- are never overwritten: reservations may be in flight. KEYS: meta, stock. ARGV: price, startsAt,
-- endsAt (0 = open-ended), limit, available.
redis.call('HSET', KEYS[1], 'price', ARGV[1], 'startsAt', ARGV[2], 'endsAt', ARGV[3], 'limit', ARGV[4])
local created = redis.call('HSETNX', KEYS[2], 'available', ARGV[5])
redis.call('HSETNX', KEYS[2], 'reserved', 0)
return created
