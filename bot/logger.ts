import { pino, type Logger } from 'pino';
import type { ILogger, ILoggerOptions, LogLevel as SdkLogLevel } from '@microsoft/teams.common';
import type { LogLevel } from './config.ts';

export type { Logger };

/** The bot's pino logger (JSON lines on stdout). No message text, no phone numbers at info level. */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const options = { level, base: { app: 'sav-bot' }, redact: ['req.headers.authorization'] };
  return destination ? pino(options, destination) : pino(options);
}

/** The Teams SDK's ILogger over pino: its messages go to the same stream, under `component`. */
export function sdkLogger(log: Logger, name = 'teams'): ILogger {
  const children = new Map<string, ILogger>();
  const write = (level: SdkLogLevel, msg: unknown[]): void => {
    // the SDK logs several debug lines per turn: nothing to build when the level is off
    if (!log.isLevelEnabled(level)) return;
    const err = msg.find((m): m is Error => m instanceof Error);
    // Only strings and errors: the SDK passes activities (user text) at debug level, never keep those.
    const text = msg
      .filter((m) => typeof m === 'string' || typeof m === 'number')
      .join(' ')
      .slice(0, 500);
    if (err) log[level]({ component: name, err }, text);
    else log[level]({ component: name }, text);
  };
  const logger: ILogger = {
    debug: (...m: unknown[]) => write('debug', m),
    info: (...m: unknown[]) => write('info', m),
    warn: (...m: unknown[]) => write('warn', m),
    error: (...m: unknown[]) => write('error', m),
    trace: (...m: unknown[]) => write('trace', m),
    log: (level: SdkLogLevel, ...m: unknown[]) => write(level, m),
    child: (child: string, _overrides?: ILoggerOptions) => {
      let c = children.get(child);
      if (!c) {
        c = sdkLogger(log, `${name}/${child}`);
        if (children.size < 100) children.set(child, c); // the SDK's component names: a handful
      }
      return c;
    },
  };
  return logger;
}
