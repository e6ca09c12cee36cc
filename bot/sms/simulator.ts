/**
 * The local SMS simulator (no Twilio credentials): sent messages get a Twilio-shaped SID and stay in the outbox
 * table (and in memory, for reconciliation within the process); GET /dev/sms (LOCAL mode only) shows the
 * conversations and has a form to reply as a client, which goes through the same inbound path as Twilio's webhook.
 */
import { randomBytes } from 'node:crypto';
import type { FoundSms, SmsTransport } from './transport.ts';

export interface SimulatorTransport extends SmsTransport {
  readonly kind: 'simulator';
  /** what was "sent" by this process, oldest first */
  readonly sent: FoundSms[];
}

export function createSimulatorTransport(now: () => Date = () => new Date()): SimulatorTransport {
  const sent: FoundSms[] = [];
  return {
    kind: 'simulator',
    sent,
    async send({ to, body }) {
      const sid = 'SM' + randomBytes(16).toString('hex');
      sent.push({ sid, to, body, status: 'sent', dateCreated: now() });
      return { sid, status: 'sent' };
    },
    async findSent({ to, since }) {
      return sent.filter((m) => m.to === to && m.dateCreated.getTime() >= since.getTime()).reverse();
    },
  };
}

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface SimulatorLine {
  direction: 'out' | 'in';
  number: string;
  body: string;
  at: string;
  status: string;
}

/** The /dev/sms page: the conversations (newest number first), and the reply form. No JavaScript. */
export function simulatorPage(lines: readonly SimulatorLine[], selected: string | null, notice: string | null): string {
  const byNumber = new Map<string, SimulatorLine[]>();
  for (const l of lines) byNumber.set(l.number, [...(byNumber.get(l.number) ?? []), l]);
  const numbers = [...byNumber.keys()].sort((a, b) => {
    const last = (n: string): string => byNumber.get(n)!.at(-1)!.at;
    return last(b).localeCompare(last(a));
  });
  const conv = (n: string): string => {
    const items = byNumber
      .get(n)!
      .map((l) => `<li class="${l.direction}"><small>${escape(l.at.slice(0, 16).replace('T', ' '))} · ${l.direction === 'out' ? `SAV → client (${escape(l.status)})` : 'client → SAV'}</small><br>${escape(l.body).replace(/\n/g, '<br>')}</li>`)
      .join('\n');
    return `<section${n === selected ? ' id="selected"' : ''}><h2>${escape(n)}</h2><ul>${items}</ul>
<form method="post" action="/dev/sms"><input type="hidden" name="from" value="${escape(n)}"><input name="body" maxlength="1600" required placeholder="Réponse du client / client reply"> <button>Envoyer</button></form></section>`;
  };
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Simulateur SMS</title>
<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:1rem auto;padding:0 1rem}ul{list-style:none;padding:0}
li{margin:.4rem 0;padding:.4rem .6rem;border-radius:.5rem;max-width:80%}li.out{background:#e8f0fe}li.in{background:#e6f4ea;margin-left:auto}
section{border-top:1px solid #ccc;padding:.5rem 0}input[name=body]{width:70%}</style></head>
<body><h1>Simulateur SMS (mode local)</h1>
<p>Aucun identifiant Twilio : les SMS de l'enquête s'affichent ici. Répondez comme le client. / No Twilio credentials: the survey SMS show here; reply as the client.</p>
${notice ? `<p role="status"><strong>${escape(notice)}</strong></p>` : ''}
<form method="post" action="/dev/sms"><label>Numéro du client <input name="from" placeholder="+33612345678" required></label>
<label>Message <input name="body" maxlength="1600" required></label> <button>Envoyer</button></form>
${numbers.length === 0 ? '<p>Aucun SMS pour le moment. / No SMS yet.</p>' : numbers.map(conv).join('\n')}
</body></html>`;
}
