import { describe, expect, it } from 'vitest';
import { openDb } from './db.ts';
import { stmt } from './statements.ts';

describe('stmt: prepared statements cached per connection', () => {
  it('prepares a SQL text once per connection and reuses it; another connection gets its own', () => {
    const a = openDb(':memory:');
    const b = openDb(':memory:');
    try {
      const sql = 'SELECT COUNT(*) AS n FROM users';
      const s = stmt(a, sql);
      expect(stmt(a, sql)).toBe(s);
      expect(stmt(b, sql)).not.toBe(s);
      expect(s.get()).toEqual({ n: 0 });
      // still right after the data changed (a statement is not a result cache)
      a.prepare("INSERT INTO users (email, display_name, role, langue) VALUES ('x@y.fr', 'X', 'planning', 'fr')").run();
      expect(stmt(a, sql).get()).toEqual({ n: 1 });
      expect(stmt(b, sql).get()).toEqual({ n: 0 });
    } finally {
      a.close();
      b.close();
    }
  });

  it('a plucked or raw statement is a separate entry: the shared row statement keeps returning objects', () => {
    const db = openDb(':memory:');
    try {
      const sql = 'SELECT 1 AS one, 2 AS two';
      expect(stmt(db, sql, 'pluck').get()).toBe(1);
      expect(stmt(db, sql, 'raw').get()).toEqual([1, 2]);
      expect(stmt(db, sql).get()).toEqual({ one: 1, two: 2 });
      expect(stmt(db, sql, 'pluck')).not.toBe(stmt(db, sql));
    } finally {
      db.close();
    }
  });

  it('a closed connection fails clearly, as db.prepare would', () => {
    const db = openDb(':memory:');
    stmt(db, 'SELECT 1 AS one');
    db.close();
    expect(() => stmt(db, 'SELECT 1 AS one').get()).toThrow(/database connection is not open/);
    expect(() => stmt(db, 'SELECT 2 AS two')).toThrow(/database connection is not open/);
  });
});
