-- An admin's correction of units on hand by a signed delta: the live counter and the units received that a
-- rebuild starts from move together. A removal never takes more than the available units, so units held by
-- open orders stay held and available never goes below zero. KEYS: meta, stock. ARGV: delta.
-- Returns {1, available after} when applied, {0, available} when refused, {-1, 0} when the counters are missing.
if redis.call('HEXISTS', KEYS[2], 'available') == 0 then
  return { -1, 0 }
end
local available = tonumber(redis.call('HGET', KEYS[2], 'available'))
local delta = tonumber(ARGV[1])
if available + delta < 0 then
  return { 0, available }
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HINCRBY', KEYS[1], 'received', delta)
end
return { 1, redis.call('HINCRBY', KEYS[2], 'available', delta) }
