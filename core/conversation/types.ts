/** The conversation contract: text + user in, intent + entities + reply out. No Teams types here. */

export const INTENTS = [
  'route',
  'planning.week',
  'planning.pending',
  'churn.at_risk',
  'kpi',
  'alerts.contracts',
  'alerts.late',
  'survey.status',
  'help',
  'unknown',
] as const;
export type IntentName = (typeof INTENTS)[number];

export const DASHBOARDS = ['direction', 'planning', 'technicians', 'quality', 'finance'] as const;
export type Dashboard = (typeof DASHBOARDS)[number];

export interface Entities {
  technician?: { id: number; name: string };
  /** YYYY-MM-DD, Europe/Paris */
  date?: string;
  /** YYYY-MM or YYYY-Www */
  period?: string;
  dashboard?: Dashboard;
}

/** An Adaptive Card as plain JSON (built from a template in cards/). */
export type CardJson = Record<string, unknown>;

export interface Reply {
  text: string;
  card: CardJson | null;
  /**
   * Slow work the answer started (a plan being solved in a worker…): the adapter sends `text`/`card` at once,
   * then awaits this and sends its reply as a second message. Never rejects: failures become a Reply.
   */
  followUp?: () => Promise<Reply>;
}

export interface AskResult {
  intent: IntentName;
  entities: Entities;
  reply: Reply;
}

export type Lang = 'fr' | 'en';
