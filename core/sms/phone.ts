/**
 * Phone numbers as E.164 (`+33612345678`). French national numbers (`06 12 34 56 78`, `0612345678`) and the
 * international prefix `00` are accepted; anything that is not a plausible number gives null (never throws).
 */
const E164 = /^\+[1-9]\d{6,14}$/;

export function isE164(s: string): boolean {
  return E164.test(s);
}

/** The E.164 form of a phone number as people and providers write it, or null. `+33 (0)6…` → `+336…`. */
export function normalisePhone(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 40) return null;
  let s = raw.normalize('NFKC').trim().replace(/\(0\)/g, '').replace(/[\s.\-()\u00A0\u202F/]/g, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  if (/^0[1-9]\d{8}$/.test(s)) s = `+33${s.slice(1)}`;
  if (/^\+330[1-9]\d{8}$/.test(s)) s = `+33${s.slice(4)}`;
  if (/^33[1-9]\d{8}$/.test(s)) s = `+${s}`;
  return E164.test(s) ? s : null;
}
