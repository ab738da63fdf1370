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

export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    send: async (message) => {
      await transport.sendMail({ from, ...message });
    },
    close: () => transport.close(),
  };
}
