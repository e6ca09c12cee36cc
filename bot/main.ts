/**
 * The bot process (`npm run bot`, or through `npm start`): settings from the environment, the warehouse
 * (filled with demo data on first run), the Teams app, a graceful stop on SIGINT/SIGTERM.
 */
import { ensureDemoData } from '../core/warehouse/demo/index.ts';
import { dbPath, openWarehouse, type Db } from '../core/warehouse/db.ts';
import { createBotApp } from './app.ts';
import { ConfigError, loadConfig, type BotConfig } from './config.ts';
import { createLogger } from './logger.ts';

async function main(): Promise<number> {
  let config: BotConfig;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`sav-bot: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const log = createLogger(config.logLevel);
  const path = config.dbPath ?? dbPath(process.env);
  let db: Db;
  try {
    // SQLite (SAV_DB) by default; Azure SQL when DATABASE_URL or SQL_* are set
    db = openWarehouse({ ...process.env, SAV_DB: path });
  } catch (e) {
    process.stderr.write(`sav-bot: cannot open the warehouse ${path}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const demo = ensureDemoData(db);
  if (demo) log.info({ db: path, demo }, 'empty warehouse filled with demo data');

  const bot = createBotApp({ db, config, logger: log });
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await bot.stop();
    db.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    const started = await bot.start();
    log.info({ url: started.url, mode: config.mode, db: path }, `bot listening on ${started.url}`);
  } catch (e) {
    process.stderr.write(`sav-bot: cannot start: ${e instanceof Error ? e.message : String(e)}\n`);
    db.close();
    return 1;
  }
  return 0;
}

const code = await main();
if (code !== 0) process.exit(code);
