import type { Command } from 'commander';
import { parseAnswer, QUESTION_IDS, type QuestionId } from '../../core/survey/index.ts';
import { printJson, UsageError } from '../context.ts';

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

/** `sav survey parse`: how a client's SMS reply to a survey question is understood. */
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
}
