/**
 * One app process of the two-process scheduler test: the real bot wiring (createBotApp, LOCAL mode) on the
 * shared SQLite file. Prints "ready", waits for "go" on stdin, runs one scheduler tick at the given instant,
 * prints the tick report as JSON and exits.
 *
 *   node --import tsx test/e2e/scheduler-child.ts <db path> <now ISO>
 */
import { createInterface } from 'node:readline';
import { createBotApp } from '../../bot/app.ts';
import type { BotConfig } from '../../bot/config.ts';
import { createLogger } from '../../bot/logger.ts';
import { openDb } from '../../core/warehouse/db.ts';

const [path, nowIso] = process.argv.slice(2);
if (!path || !nowIso) {
  process.stderr.write('usage: scheduler-child.ts <db path> <now ISO>\n');
  process.exit(2);
}
const now = new Date(nowIso);
const db = openDb(path);
// (not helpers.ts' localConfig: that module loads the demo generator and faker, seconds of start-up)
const config: BotConfig = {
  mode: 'local', port: 0, host: '127.0.0.1', dbPath: path, credentials: null, localUser: 'clothilde.martin@duret-electricite.fr', etlToken: null, logLevel: 'silent',
  scheduler: { enabled: true, timezone: 'Europe/Paris', morningTourCron: '45 6 * * 1-6', morningTourMaxLatenessMin: 180 },
};
const bot = createBotApp({ db, config, now: () => now, logger: createLogger('silent') });
process.stdout.write(`ready ${bot.scheduler!.owner}\n`);
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() !== 'go') continue;
  const report = await bot.scheduler!.tick();
  process.stdout.write(`report ${JSON.stringify({ owner: bot.scheduler!.owner, ...report })}\n`);
  break;
}
lines.close();
await bot.stop();
db.close();
process.exit(0);
