-- A paid order's held units leave the shelf: reserved shrinks while on hand shrinks in MySQL, so
-- available (on hand - reserved) stays as it is. The buyer keeps them against the purchase limit.
-- KEYS: per line stock, holds. ARGV: orderId. Safe to call twice.
local orderId = ARGV[1]
local settled = 0
for i = 0, #KEYS / 2 - 1 do
  local stock, holds = KEYS[i * 2 + 1], KEYS[i * 2 + 2]
  local hold = redis.call('HGET', holds, orderId)
  if hold then
    local quantity = tonumber(string.match(hold, '|(%d+)$'))
    redis.call('HDEL', holds, orderId)
    redis.call('HINCRBY', stock, 'reserved', -quantity)
    settled = settled + 1
  end
end
return settled
