-- Units of a paid order come back on the shelf (cancel after payment, return). KEYS: per line stock,
-- buyers, restored. ARGV: orderId, userId, then one quantity per line. The `restored` marker makes a
-- second call for the same order a no-op. A product whose counters are missing is skipped: the rebuild
-- reads the order as cancelled or returned and counts its units as on the shelf.
local orderId, userId = ARGV[1], ARGV[2]
local restored = 0
for i = 0, #KEYS / 3 - 1 do
  local stock, buyers, marker = KEYS[i * 3 + 1], KEYS[i * 3 + 2], KEYS[i * 3 + 3]
  local quantity = tonumber(ARGV[3 + i])
  if redis.call('HEXISTS', stock, 'available') == 1 and redis.call('HSETNX', marker, orderId, quantity) == 1 then
    redis.call('HINCRBY', stock, 'available', quantity)
    if redis.call('HINCRBY', buyers, userId, -quantity) <= 0 then
      redis.call('HDEL', buyers, userId)
    end
    restored = restored + 1
  end
end
return restored
