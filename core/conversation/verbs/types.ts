import type { z } from 'zod';
import type { AnswerContext } from '../answers/common.ts';
import type { Reply } from '../types.ts';

/**
 * An Action.Execute verb of the cards: the zod schema of its `data` (extra fields ignored) and what it does.
 * `hints` explain, per field, what a valid value is (shown to the user when the data is invalid).
 */
export interface VerbHandler<S extends z.ZodType = z.ZodType> {
  readonly schema: S;
  readonly run: (ctx: AnswerContext, data: z.output<S>) => Reply;
  readonly hints?: Readonly<Record<string, { fr: string; en: string }>>;
}

// eslint-style escape: the table holds handlers of different schemas
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type VerbTable = Readonly<Record<string, VerbHandler<any>>>;

/** Declares a verb with its data typed from the schema. */
export function verb<S extends z.ZodType>(schema: S, run: (ctx: AnswerContext, data: z.output<S>) => Reply, hints?: VerbHandler<S>['hints']): VerbHandler<S> {
  return hints ? { schema, run, hints } : { schema, run };
}
