import type { OrderMailKind, OrderSummaryRow } from '../../db/schema/index.ts';
import type { MailMessage } from '../../mail/mailer.ts';

const WORDING: Record<OrderMailKind, { subject: string; lead: string }> = {
  PAID: { subject: 'Payment received', lead: 'We received your payment. Your order is confirmed.' },
  SHIPPING: { subject: 'Your order is on its way', lead: 'Your order has left our warehouse.' },
  REFUNDED: { subject: 'Your refund is on its way', lead: 'Your order was refunded in full.' },
  PAYMENT_FAILED: {
    subject: 'Payment failed',
    lead: 'Your payment did not go through, so the order was not placed and nothing was charged.',
  },
};

const krw = (amount: number) => `${amount.toLocaleString('en-US')} KRW`;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );

/** The buyer's mail about one order step, as plain text and HTML: order id, lines and total. */
export function composeOrderMail(
  kind: OrderMailKind,
  { to, name, summary }: { to: string; name: string; summary: OrderSummaryRow },
): MailMessage {
  const { subject, lead } = WORDING[kind];
  const lines = summary.lines.map((line) => ({
    ...line,
    text: `Product ${line.productId}: ${line.quantity} × ${krw(line.unitPrice)} = ${krw(line.quantity * line.unitPrice)}`,
  }));
  const text = [
    `Hello ${name},`,
    '',
    lead,
    '',
    `Order ${summary.orderId}`,
    ...lines.map((line) => `- ${line.text}`),
    `Total: ${krw(summary.totalPrice)}`,
  ].join('\n');
  const rows = lines
    .map(
      (line) =>
        `<tr><td>Product ${escapeHtml(line.productId)}</td><td>${line.quantity}</td>` +
        `<td>${krw(line.unitPrice)}</td><td>${krw(line.quantity * line.unitPrice)}</td></tr>`,
    )
    .join('');
  const html =
    `<p>Hello ${escapeHtml(name)},</p><p>${escapeHtml(lead)}</p>` +
    `<h2>Order ${escapeHtml(summary.orderId)}</h2>` +
    `<table><thead><tr><th>Product</th><th>Quantity</th><th>Unit price</th><th>Amount</th></tr></thead>` +
    `<tbody>${rows}</tbody><tfoot><tr><th colspan="3">Total</th><td>${krw(summary.totalPrice)}</td></tr></tfoot></table>`;
  return { to, subject: `${subject} (order ${summary.orderId})`, text, html };
}
