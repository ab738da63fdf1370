-- Adds a delta of units on hand to the live counter (never a SET: reservations may be in flight) and to the
-- units received that a rebuild starts from. KEYS: meta, stock. ARGV: delta. Returns the new available
-- count, or false when the counters are missing (the rebuild will count the delta through `received`).
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HINCRBY', KEYS[1], 'received', ARGV[1])
end
if redis.call('HEXISTS', KEYS[2], 'available') == 0 then
  return false
end
return redis.call('HINCRBY', KEYS[2], 'available', ARGV[1])
