import type { Command } from 'commander';
import { parseAnswer, QUESTION_IDS, type QuestionId } from '../../core/survey/index.ts';
import { intFlag, printJson, UsageError } from '../context.ts';

/** What `sav survey parse --json` prints: a value (with the comment if any), a failure, or a command. */
export type SurveyParseOutput =
  | { ok: true; value: number | boolean | string; comment?: string; truncated?: true }
  | { ok: false; reason: string }
  | { command: 'stop' | 'start' };

export function surveyParse(question: QuestionId, text: string): SurveyParseOutput {
  const r = parseAnswer(question, text);
  if ('command' in r) return { command: r.command };
  if (!r.ok) return { ok: false, reason: r.reason };
  return { ok: true, value: r.value, ...(r.comment ? { comment: r.comment } : {}), ...(r.truncated ? { truncated: true as const } : {}) };
}

interface SimulateFlags {
  days: string;
  seed: string;
  start: string;
  clients: string;
  months: string;
  skipDays: string;
  json?: boolean;
}

/**
 * `sav survey parse`: how a client's SMS reply to a survey question is understood.
 * `sav survey simulate --days 30 [--seed N] [--json]`: the whole loop on the demo data in memory (core/survey/simulate.ts).
 */
export function registerSurvey(program: Command): void {
  const survey = program.command('survey').description('satisfaction survey (SMS replies, schedule, NPS)');
  survey
    .command('parse')
    .description('parse one SMS reply to a survey question')
    .requiredOption('--question <q>', `question: ${QUESTION_IDS.join('|')}`)
    .requiredOption('--text <reply>', 'the reply as the client typed it')
    .option('--json', 'print JSON')
    .action((opts: { question: string; text: string; json?: boolean }) => {
      const q = opts.question.trim().toLowerCase();
      if (!(QUESTION_IDS as readonly string[]).includes(q)) throw new UsageError(`--question expects one of ${QUESTION_IDS.join(', ')}, got "${opts.question}"`);
      const out = surveyParse(q as QuestionId, opts.text);
      if (opts.json) return printJson(out);
      const line = 'command' in out ? `command: ${out.command}` : out.ok ? `value: ${JSON.stringify(out.value)}${out.comment ? ` (comment: ${out.comment})` : ''}${out.truncated ? ' [cut to 500 characters]' : ''}` : `unclear: ${out.reason}`;
      process.stdout.write(line + '\n');
    });
  survey
    .command('simulate')
    .description('run the whole survey loop on the demo data in memory, with a simulated clock and simulated client replies')
    .option('--days <n>', 'simulated days', '30')
    .option('--seed <n>', 'seed of the simulated replies (same seed, same result)', '1')
    .option('--start <date>', "first simulated day and the demo's today (YYYY-MM-DD)", '2026-12-01')
    .option('--clients <n>', 'demo size: clients', '400')
    .option('--months <n>', 'demo size: months of history', '24')
    .option('--skip-days <n>', 'a client surveyed within this many days is not surveyed again', '90')
    .option('--json', 'print JSON')
    .action(async (o: SimulateFlags) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(o.start) || Number.isNaN(Date.parse(o.start))) throw new UsageError(`--start expects YYYY-MM-DD, got "${o.start}"`);
      // loaded on demand: the demo generator is heavy and `survey parse` never needs it
      const { simulateSurveys, simulationText } = await import('../../core/survey/simulate.ts');
      const summary = simulateSurveys({
        days: intFlag('days', o.days, 1, 366),
        seed: intFlag('seed', o.seed, 0, 2 ** 31 - 1),
        start: o.start,
        clients: intFlag('clients', o.clients, 20, 50_000),
        months: intFlag('months', o.months, 1, 60),
        skipDays: intFlag('skip-days', o.skipDays, 0, 3650),
      });
      if (o.json) return printJson(summary);
      process.stdout.write(simulationText(summary) + '\n');
    });
}
