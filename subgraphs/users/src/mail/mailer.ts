import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative to `text`, for mail clients that show it. */
  html?: string;
}

/** How the domain sends mail; SMTP in every environment (tests read what arrived from the mail catcher). */
export interface Mailer {
  send: (message: MailMessage) => Promise<void>;
  close: () => void;
}

/**
 * Mail over a few kept-open SMTP connections: a sale's order mails would otherwise each open a connection and
 * greet the relay, which cost users and the relay more than the mail itself.
 */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 5,
    maxMessages: 100,
  });
  return {
    send: async (message) => {
      await transport.sendMail({ from, ...message });
    },
    close: () => transport.close(),
  };
}
