export interface NpsResult {
  readonly n: number;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  /** % promoters (9–10) − % detractors (0–6), from −100 to 100; null without any score. */
  readonly nps: number | null;
}

/** Net Promoter Score of 0–10 scores (non-integers and out-of-range values are refused). */
export function nps(scores: readonly number[]): NpsResult {
  let promoters = 0;
  let detractors = 0;
  for (const s of scores) {
    if (!Number.isInteger(s) || s < 0 || s > 10) throw new Error(`NPS score must be an integer from 0 to 10, got ${s}`);
    if (s >= 9) promoters++;
    else if (s <= 6) detractors++;
  }
  const n = scores.length;
  return { n, promoters, passives: n - promoters - detractors, detractors, nps: n === 0 ? null : ((promoters - detractors) * 100) / n };
}

/** Share (0–1) of sent surveys that got at least one answer; null when none was sent. */
export function responseRate(sent: number, answered: number): number | null {
  if (!Number.isInteger(sent) || !Number.isInteger(answered) || sent < 0 || answered < 0 || answered > sent) {
    throw new Error(`response rate: need 0 <= answered (${answered}) <= sent (${sent}), integers`);
  }
  return sent === 0 ? null : answered / sent;
}
