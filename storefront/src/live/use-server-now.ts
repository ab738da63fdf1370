import { useEffect, useState } from 'react';
import { onServerClockChange, serverNow } from '../api/server-clock.ts';

/** The server's time, re-read every `intervalMs` and whenever the estimate of the server clock improves. */
export function useServerNow(intervalMs = 250): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    const tick = () => setNow(serverNow());
    const timer = setInterval(tick, intervalMs);
    const stop = onServerClockChange(tick);
    return () => {
      clearInterval(timer);
      stop();
    };
  }, [intervalMs]);
  return now;
}
