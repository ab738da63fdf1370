-- Gives an unpaid order's held units back. KEYS: per line stock, buyers, holds. ARGV: orderId.
-- Safe to call twice: the hold is the proof there is something to give back.
local orderId = ARGV[1]
local released = 0
for i = 0, #KEYS / 3 - 1 do
  local stock, buyers, holds = KEYS[i * 3 + 1], KEYS[i * 3 + 2], KEYS[i * 3 + 3]
  local hold = redis.call('HGET', holds, orderId)
  if hold then
    local userId, quantity = string.match(hold, '^(.*)|(%d+)$')
    quantity = tonumber(quantity)
    redis.call('HDEL', holds, orderId)
    redis.call('HINCRBY', stock, 'available', quantity)
    redis.call('HINCRBY', stock, 'reserved', -quantity)
    if redis.call('HINCRBY', buyers, userId, -quantity) <= 0 then
      redis.call('HDEL', buyers, userId)
    end
    released = released + 1
  end
end
return released
