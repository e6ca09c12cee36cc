import { beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../warehouse/db.ts';
import { seedFixture } from '../conversation/fixtures.ts';
import { listUsers, resolveUser } from './users.ts';

let db: Db;
beforeEach(() => {
  db = openDb(':memory:');
  seedFixture(db);
});
const aadOf = (email: string) => (db.prepare('SELECT aad_object_id AS a FROM users WHERE email = ?').get(email) as { a: string | null }).a;

describe('resolveUser', () => {
  it('finds a user by email, case-insensitively', () => {
    expect(resolveUser(db, { email: 'Karim.Benali@Duret-Electricite.FR' })).toEqual({
      userId: 6, email: 'karim.benali@duret-electricite.fr', displayName: 'Karim Benali', role: 'technician', technicienId: 3, langue: 'fr',
    });
    expect(resolveUser(db, { email: '  marc.duret@duret-electricite.fr ' })?.role).toBe('direction');
  });

  it('stores a new AAD object id found with the email, then finds the user by it alone', () => {
    expect(resolveUser(db, { aadObjectId: 'aad-karim', email: 'KARIM.BENALI@duret-electricite.fr' })?.userId).toBe(6);
    expect(aadOf('karim.benali@duret-electricite.fr')).toBe('aad-karim');
    expect(resolveUser(db, { aadObjectId: 'aad-karim' })?.displayName).toBe('Karim Benali');
  });

  it('does not overwrite an AAD id already stored', () => {
    resolveUser(db, { aadObjectId: 'aad-1', email: 'karim.benali@duret-electricite.fr' });
    expect(resolveUser(db, { aadObjectId: 'aad-2', email: 'karim.benali@duret-electricite.fr' })?.userId).toBe(6);
    expect(aadOf('karim.benali@duret-electricite.fr')).toBe('aad-1');
  });

  it('returns null for unknown people and empty lookups, and treats SQL as text', () => {
    expect(resolveUser(db, { email: 'nobody@example.com' })).toBeNull();
    expect(resolveUser(db, { aadObjectId: 'unknown' })).toBeNull();
    expect(resolveUser(db, {})).toBeNull();
    expect(resolveUser(db, { email: "' OR 1=1 --" })).toBeNull();
    expect(resolveUser(db, { aadObjectId: "x' OR '1'='1" })).toBeNull();
  });
});

describe('listUsers', () => {
  it('lists every user with role and technician', () => {
    const users = listUsers(db);
    expect(users).toHaveLength(8);
    expect(users.map((u) => u.role)).toEqual(['planning', 'direction', 'technical_director', 'technician', 'technician', 'technician', 'technician', 'technician']);
    expect(users.filter((u) => u.role === 'technician').map((u) => u.technicienId)).toEqual([1, 2, 3, 4, 5]);
  });
});
