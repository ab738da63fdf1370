import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';

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
 * Mail over a few kept-open SMTP connections, each message built in memory first. A sale's order mails would
 * otherwise each open a connection and greet the relay, and stream the message to it in dozens of small
 * writes: under a sale that was a third of users' CPU, more than the mail itself.
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
      const mail = new MailComposer({ from, ...message }).compile();
      const raw = await mail.build();
      await transport.sendMail({ envelope: mail.getEnvelope(), raw });
    },
    close: () => transport.close(),
  };
}
