import { formatRemaining } from './format.ts';

/** Time left until the sale opens; not a live region, so screen readers are not read every second. */
export function Countdown({ startsAt, now }: { startsAt: string; now: number }) {
  const remaining = Date.parse(startsAt) - now;
  return (
    <p className="countdown">
      Sale starts in <time dateTime={startsAt}>{formatRemaining(remaining)}</time>
    </p>
  );
}
