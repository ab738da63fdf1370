-- Gives an unpaid order's held units back. KEYS: per line stock, buyers, holds, placed. ARGV: orderId,
-- forget ('1' when the order was never written: its placed marker goes too, so a retry reserves afresh).
-- Safe to call twice: the hold is the proof there is something to give back.
local orderId, forget = ARGV[1], ARGV[2] == '1'
local released = 0
for i = 0, #KEYS / 4 - 1 do
  local stock, buyers, holds, placed = KEYS[i * 4 + 1], KEYS[i * 4 + 2], KEYS[i * 4 + 3], KEYS[i * 4 + 4]
  if forget then
    redis.call('ZREM', placed, orderId)
  end
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
