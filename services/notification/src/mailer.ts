// Sending one mail with nodemailer: over SMTP, or as an .eml file in a folder (the all-in-one mode). The transport
// follows the live configuration: a changed host, port or folder is used from the next mail on, with no restart.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type { RunMode } from '@mall/platform/runtime';
import type { NotificationConfig } from './config.ts';

export interface MailToSend {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

interface Transport {
  send(mail: MailToSend, from: string): Promise<string>;
  close(): void;
}

export class Mailer {
  #transport: { key: string; transport: Transport } | undefined;

  constructor(
    private readonly mode: RunMode,
    private readonly config: () => NotificationConfig,
    /** The run's data folder, which a relative mailDir is under. */
    private readonly dataDir: string,
  ) {}

  /** Sends the mail; resolves with the server's answer (or the file written), rejects when it was not accepted. */
  send(mail: MailToSend): Promise<string> {
    const config = this.config();
    return this.transportFor(config).send(mail, config.from);
  }

  close(): void {
    this.#transport?.transport.close();
    this.#transport = undefined;
  }

  private transportFor(config: NotificationConfig): Transport {
    const kind = config.transport === 'auto' ? (this.mode === 'embedded' ? 'eml' : 'smtp') : config.transport;
    const key = JSON.stringify(kind === 'eml' ? [kind, config.mailDir] : [kind, config.smtp]);
    if (this.#transport?.key !== key) {
      this.#transport?.transport.close();
      this.#transport = {
        key,
        transport: kind === 'eml' ? emlTransport(resolve(this.dataDir, config.mailDir)) : smtpTransport(config.smtp),
      };
    }
    return this.#transport.transport;
  }
}

function message(mail: MailToSend, from: string): SendMailOptions {
  return { from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId };
}

function smtpTransport(smtp: NotificationConfig['smtp']): Transport {
  const transporter: Transporter = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user && smtp.pass ? { auth: { user: smtp.user, pass: smtp.pass } } : {}),
    connectionTimeout: smtp.timeoutMs,
    greetingTimeout: smtp.timeoutMs,
    socketTimeout: smtp.timeoutMs,
  });
  return {
    async send(mail, from) {
      const info = (await transporter.sendMail(message(mail, from))) as { response?: string };
      return String(info.response ?? 'accepted');
    },
    close: () => transporter.close(),
  };
}

/** Writes the message, as nodemailer builds it, to `<dir>/<message id>.eml` (a temp file renamed: never half a mail). */
function emlTransport(folder: string): Transport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async send(mail, from) {
      const info = (await transporter.sendMail(message(mail, from))) as { message: Buffer };
      await mkdir(folder, { recursive: true });
      // The same mail sent again lands on the same file: a retry never makes a second one.
      const name = `${mail.messageId.replace(/[^A-Za-z0-9.@-]/g, '')}.eml`;
      const path = join(folder, name);
      await writeFile(`${path}.tmp`, info.message);
      await rename(`${path}.tmp`, path);
      return `written ${path}`;
    },
    close: () => transporter.close(),
  };
}
