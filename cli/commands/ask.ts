import { TZDate } from '@date-fns/tz';
import type { Command } from 'commander';
import { listUsers, resolveUser } from '../../core/access/index.ts';
import { ask, TIME_ZONE } from '../../core/conversation/index.ts';
import { parisDate } from '../../core/warehouse/calendar.ts';
import { UsageError, openAppDb, printJson } from '../context.ts';

/**
 * `--now` as an instant: an ISO datetime with Z or an offset, a local Paris datetime (`2026-12-01T07:30`),
 * or a day (`2026-12-01`, taken at 08:00 Paris). Anything else is a UsageError.
 */
export function parseNow(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const v = value.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(v);
  if (!m) throw new UsageError(`--now expects an ISO date or datetime such as 2026-12-01T07:30:00+01:00, got "${value}"`);
  const [, y, mo, d, h, mi, s, zone] = m;
  const date = zone
    ? new Date(v)
    : new TZDate(Number(y), Number(mo) - 1, Number(d), h === undefined ? 8 : Number(h), Number(mi ?? 0), Number(s ?? 0), TIME_ZONE);
  const checkDay = new TZDate(Number(y), Number(mo) - 1, Number(d), TIME_ZONE);
  if (Number.isNaN(date.getTime()) || checkDay.getMonth() !== Number(mo) - 1 || Number(h ?? 0) > 23 || Number(mi ?? 0) > 59) {
    throw new UsageError(`--now is not a valid date: "${value}"`);
  }
  return new Date(date.getTime());
}

export function registerAsk(program: Command): void {
  program
    .command('ask')
    .description('ask the assistant a question as one of the users, e.g. sav ask "ma tournée demain" --as karim.benali@duret-electricite.fr')
    .argument('<text>', 'the message, as typed in Teams')
    .requiredOption('--as <email>', 'the login (email) of the user who asks')
    .option('--now <datetime>', 'the moment of the question (ISO 8601; default: now)')
    .option('--json', 'print {"intent", "entities", "reply": {"text", "card"}}')
    .action(async (text: string, opts: { as: string; now?: string; json?: boolean }) => {
      const now = parseNow(opts.now);
      const db = await openAppDb({ today: parisDate(now) });
      try {
        const user = resolveUser(db, { email: opts.as });
        if (!user) {
          const logins = listUsers(db).map((u) => `${u.email} (${u.role})`);
          throw new UsageError(
            logins.length > 0 ? `unknown user "${opts.as}"; valid logins: ${logins.join(', ')}` : `unknown user "${opts.as}": the database has no users yet`,
          );
        }
        const result = ask(db, { text, user, now });
        // a slow answer (e.g. a plan being solved) comes as a follow-up: the terminal waits for it
        const followUp = result.reply.followUp ? await result.reply.followUp() : null;
        const { followUp: _, ...reply } = result.reply;
        const out = { ...result, reply, ...(followUp ? { followUp: { text: followUp.text, card: followUp.card } } : {}) };
        if (opts.json) printJson(out);
        else process.stdout.write(`${reply.text}\n${followUp ? `${followUp.text}\n` : ''}`);
      } finally {
        db.close();
      }
    });
}
