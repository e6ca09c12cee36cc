import { describe, expect, it } from 'vitest';
import { bearerMatches } from './etl-route.ts';

describe('bearerMatches', () => {
  const token = 'a-long-enough-etl-token';
  it('accepts the exact bearer token only', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`Bearer ${token}x`, token)).toBe(false);
    expect(bearerMatches(`Bearer ${token.slice(1)}`, token)).toBe(false);
    expect(bearerMatches(token, token)).toBe(false);
    expect(bearerMatches(undefined, token)).toBe(false);
    expect(bearerMatches('Bearer ', token)).toBe(false);
    expect(bearerMatches([`Bearer ${token}`], token)).toBe(true);
  });
});
