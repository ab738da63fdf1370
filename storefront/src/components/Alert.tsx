/**
 * A region screen readers announce whenever its text changes. It is always rendered (empty when quiet), since
 * a live region that appears together with its text is often not announced.
 */
export function Alert({ message, tone = 'error' }: { message: string | null; tone?: 'error' | 'status' }) {
  return (
    <p
      className={`alert alert-${tone}`}
      role={tone === 'error' ? 'alert' : 'status'}
      aria-live={tone === 'error' ? 'assertive' : 'polite'}
    >
      {message ?? ''}
    </p>
  );
}
