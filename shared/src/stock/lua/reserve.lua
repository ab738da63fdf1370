-- Reserves every line of one order or none. KEYS: per line meta, stock, buyers, holds, placed (one product's
-- keys share a hash tag). ARGV: orderId, userId, markerTtlMs, then one quantity per line. Time comes from
-- Redis so every replica judges the sale window by the same clock.
-- Returns { outcome, detail, price per line }: 'OK' with 'RESERVED' or 'REPLAYED' (this order id already
-- holds units or was placed within the marker's life), or a rejection with the index of the refused line.
local orderId, userId, markerTtl = ARGV[1], ARGV[2], tonumber(ARGV[3])
local lines = #KEYS / 5
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)

local function prices()
  local found = {}
  for i = 0, lines - 1 do
    found[i + 1] = redis.call('HGET', KEYS[i * 5 + 1], 'price') or false
  end
  return found
end

for i = 0, lines - 1 do
  local holds, placed = KEYS[i * 5 + 4], KEYS[i * 5 + 5]
  local markedUntil = tonumber(redis.call('ZSCORE', placed, orderId) or '0')
  if redis.call('HEXISTS', holds, orderId) == 1 or markedUntil > now then
    return { 'OK', 'REPLAYED', unpack(prices()) }
  end
end

for i = 0, lines - 1 do
  local meta, stock, buyers = KEYS[i * 5 + 1], KEYS[i * 5 + 2], KEYS[i * 5 + 3]
  local quantity = tonumber(ARGV[4 + i])
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
  local stock, buyers, holds, placed = KEYS[i * 5 + 2], KEYS[i * 5 + 3], KEYS[i * 5 + 4], KEYS[i * 5 + 5]
  local quantity = tonumber(ARGV[4 + i])
  redis.call('HINCRBY', stock, 'available', -quantity)
  redis.call('HINCRBY', stock, 'reserved', quantity)
  redis.call('HINCRBY', buyers, userId, quantity)
  redis.call('HSET', holds, orderId, userId .. '|' .. quantity)
  redis.call('ZREMRANGEBYSCORE', placed, '-inf', now)
  redis.call('ZADD', placed, now + markerTtl, orderId)
end
return { 'OK', 'RESERVED', unpack(prices()) }
