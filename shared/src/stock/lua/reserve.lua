-- Reserves every line of one order or none. KEYS: per line meta, stock, buyers, holds (one product's keys
-- share a hash tag). ARGV: orderId, userId, then one quantity per line. Time comes from Redis so every
-- replica judges the sale window by the same clock.
local orderId, userId = ARGV[1], ARGV[2]
local lines = #KEYS / 4
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)

if redis.call('HEXISTS', KEYS[4], orderId) == 1 then
  return { 'OK', 'REPLAYED' }
end

for i = 0, lines - 1 do
  local meta, stock, buyers = KEYS[i * 4 + 1], KEYS[i * 4 + 2], KEYS[i * 4 + 3]
  local quantity = tonumber(ARGV[3 + i])
  local window = redis.call('HMGET', meta, 'startsAt', 'endsAt', 'limit')
  local available = redis.call('HGET', stock, 'available')
  if not window[1] or not available then
    return { 'COUNTERS_MISSING', tostring(i) }
  end
  if now < tonumber(window[1]) then
    return { 'SALE_NOT_STARTED', tostring(i) }
  end
  local endsAt = tonumber(window[2])
  if endsAt > 0 and now >= endsAt then
    return { 'SALE_ENDED', tostring(i) }
  end
  local held = tonumber(redis.call('HGET', buyers, userId) or '0')
  if held + quantity > tonumber(window[3]) then
    return { 'PURCHASE_LIMIT_EXCEEDED', tostring(i) }
  end
  if tonumber(available) < quantity then
    return { 'OUT_OF_STOCK', tostring(i) }
  end
end

for i = 0, lines - 1 do
  local stock, buyers, holds = KEYS[i * 4 + 2], KEYS[i * 4 + 3], KEYS[i * 4 + 4]
  local quantity = tonumber(ARGV[3 + i])
  redis.call('HINCRBY', stock, 'available', -quantity)
  redis.call('HINCRBY', stock, 'reserved', quantity)
  redis.call('HINCRBY', buyers, userId, quantity)
  redis.call('HSET', holds, orderId, userId .. '|' .. quantity)
end
return { 'OK', 'RESERVED' }
