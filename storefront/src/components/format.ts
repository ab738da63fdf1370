const won = new Intl.NumberFormat('ko-KR', { style: 'currency', currency: 'KRW' });
const moment = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });

export const formatPrice = (amount: number) => won.format(amount);
export const formatMoment = (iso: string) => moment.format(new Date(iso));

/** `1d 02:03:04`, `02:03:04` or `00:00:09` until a moment. */
export function formatRemaining(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1_000));
  const days = Math.floor(seconds / 86_400);
  const clock = [Math.floor(seconds / 3_600) % 24, Math.floor(seconds / 60) % 60, seconds % 60]
    .map((part) => String(part).padStart(2, '0'))
    .join(':');
  return days > 0 ? `${days}d ${clock}` : clock;
}
