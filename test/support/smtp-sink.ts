import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { startApp, TestApp } from './app';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** the whole message as sent (headers, text and HTML parts) */
  raw: string;
  subject: string;
  /** the text/plain part, quoted-printable decoded */
  text: string;
}

export interface SmtpSink {
  port: number;
  received: ReceivedMail[];
  /** the next mail to `to`, waited for */
  next(to: string, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

const decodeQuotedPrintable = (text: string): string =>
  Buffer.from(
    text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');

function textPart(raw: string): string {
  const match = /Content-Type: text\/plain[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*?\r?\n([\s\S]*?)(?:\r?\n--|$)/i.exec(raw);
  if (!match) return '';
  const headers = raw.slice(match.index, match.index + match[0].length - match[1].length);
  return /quoted-printable/i.test(headers) ? decodeQuotedPrintable(match[1]) : match[1];
}

/** A real SMTP server on a free local port that keeps every message (no TLS, no auth). */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const waiters: { to: string; resolve: (mail: ReceivedMail) => void }[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject: /^Subject: (.*)$/m.exec(raw)?.[1]?.trim() ?? '',
          text: textPart(raw),
        };
        received.push(mail);
        for (const waiter of [...waiters]) {
          if (mail.to.includes(waiter.to)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(mail);
          }
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    next(to, timeoutMs = 5000) {
      const already = received.find((m) => m.to.includes(to));
      if (already) {
        received.splice(received.indexOf(already), 1);
        return Promise.resolve(already);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no mail to ${to} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          to,
          resolve: (mail) => {
            clearTimeout(timer);
            received.splice(received.indexOf(mail), 1);
            resolve(mail);
          },
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A server whose mail goes to a sink of its own (MAIL_HOST and MAIL_PORT point at it), and that sink. */
export interface AppWithMail {
  t: TestApp;
  smtp: SmtpSink;
}

export async function startAppWithMail(env: Record<string, string> = {}): Promise<AppWithMail> {
  const smtp = await startSmtpSink();
  const t = await startApp({ MAIL_HOST: '127.0.0.1', MAIL_PORT: String(smtp.port), ...env });
  return { t, smtp };
}

export async function closeAppWithMail({ t, smtp }: AppWithMail): Promise<void> {
  await t.close();
  await smtp.close();
}
