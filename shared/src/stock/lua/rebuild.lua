-- Recreates a product's counters after Redis lost them, from what the orders database says holds units.
-- KEYS: meta, stock, buyers, holds, restored, placed. ARGV: reserved, occupied, markedUntil (ms), then three
-- lists, each a count followed by its pairs: buyers (userId, units), holds (orderId, 'userId|units'),
-- restored (orderId, units); then the count of placed order ids followed by the ids.
-- available = received - occupied, where occupied counts every unit of an open or paid order.
-- Returns 1 rebuilt, 0 when the counters exist (someone else rebuilt), -1 when the metadata is missing.
if redis.call('HEXISTS', KEYS[2], 'available') == 1 then
  return 0
end
local received = tonumber(redis.call('HGET', KEYS[1], 'received') or '')
if not received then
  return -1
end
redis.call('DEL', KEYS[3], KEYS[4], KEYS[5])
local cursor = 4
for list = 3, 5 do
  local count = tonumber(ARGV[cursor])
  for i = 1, count do
    redis.call('HSET', KEYS[list], ARGV[cursor + 2 * i - 1], ARGV[cursor + 2 * i])
  end
  cursor = cursor + 2 * count + 1
end
for i = 1, tonumber(ARGV[cursor]) do
  redis.call('ZADD', KEYS[6], ARGV[3], ARGV[cursor + i])
end
redis.call('HSET', KEYS[2], 'available', received - tonumber(ARGV[2]), 'reserved', ARGV[1])
return 1
