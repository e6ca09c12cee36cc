/**
 * Child process: our bot (bot/app.ts createBotApp) on a warehouse file, LOCAL mode, scheduler off, settings
 * from the environment through the bot's own loadConfig, listening on 127.0.0.1 (port chosen by the OS).
 * Its clock starts at BENCH_NOW (the demo's "today", 07:30) and runs at real speed. Reports its event-loop
 * delay to the bench over IPC.
 */
import { z } from 'zod';
import { createBotApp } from '../../bot/app.ts';
import { loadConfig } from '../../bot/config.ts';
import { createLogger } from '../../bot/logger.ts';
import { openDb } from '../../core/warehouse/db.ts';
import { serveBenchControl } from './child-control.ts';
import { sendToParent } from './ipc.ts';

const Env = z.object({
  BENCH_DB: z.string().min(1, 'BENCH_DB (the warehouse file) is required'),
  BENCH_NOW: z.iso.datetime({ offset: true, error: 'BENCH_NOW must be an ISO date-time with offset' }),
  BENCH_ANSWER_CACHE: z.enum(['on', 'off']).default('on'),
});

serveBenchControl(process.cwd());
try {
  const env = Env.parse(process.env);
  const config = loadConfig({ ...process.env, PORT: '0', SCHEDULER_ENABLED: 'false', SAV_DB: env.BENCH_DB });
  if (config.mode !== 'local') throw new Error('the load benchmark runs the bot in LOCAL mode: unset CLIENT_ID, CLIENT_SECRET, TENANT_ID');
  const db = openDb(env.BENCH_DB);
  const start = new Date(env.BENCH_NOW).getTime();
  const t0 = Date.now();
  const bot = createBotApp({ db, config, now: () => new Date(start + (Date.now() - t0)), logger: createLogger(config.logLevel), answerCache: env.BENCH_ANSWER_CACHE === 'on' });
  process.on('SIGTERM', () => {
    void bot
      .stop()
      .catch(() => undefined)
      .finally(() => {
        db.close();
        process.exit(0);
      });
  });
  const started = await bot.start();
  sendToParent({ type: 'ready', port: started.port });
} catch (err) {
  sendToParent({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}
