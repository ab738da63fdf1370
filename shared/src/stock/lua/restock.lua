-- Adds a delta of units on hand to the live counter (never a SET: reservations may be in flight).
-- KEYS: stock. ARGV: delta. Returns the new available count, or false when the counters are missing.
if redis.call('HEXISTS', KEYS[1], 'available') == 0 then
  return false
end
return redis.call('HINCRBY', KEYS[1], 'available', ARGV[1])
