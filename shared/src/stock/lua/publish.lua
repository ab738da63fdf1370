-- Publishes a product's sale metadata. KEYS: meta, stock. ARGV: price, startsAt, endsAt (0 = open-ended),
-- limit, received (units ever put on the shelf), createCounters (1 only for a product no order can hold
-- yet), available. `received` is kept once set: restocks add to it atomically with the counter. Existing
-- counters are never overwritten (reservations may be in flight); missing counters of a product that may
-- have orders are left to the rebuild, which knows its open holds. Returns 1 created, 0 present, -1 missing.
redis.call('HSET', KEYS[1], 'price', ARGV[1], 'startsAt', ARGV[2], 'endsAt', ARGV[3], 'limit', ARGV[4])
redis.call('HSETNX', KEYS[1], 'received', ARGV[5])
if redis.call('HEXISTS', KEYS[2], 'available') == 1 then
  return 0
end
if ARGV[6] ~= '1' then
  return -1
end
redis.call('HSET', KEYS[2], 'available', ARGV[7], 'reserved', 0)
return 1
