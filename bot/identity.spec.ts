import { describe, expect, it } from 'vitest';
import { seedFixture } from '../core/conversation/fixtures.ts';
import { openDb } from '../core/warehouse/db.ts';
import { LocalIdentities, parseAsCommand, resolveActivityUser, runAsCommand } from './identity.ts';

function setup() {
  const db = openDb(':memory:');
  seedFixture(db);
  db.prepare("UPDATE users SET aad_object_id = 'aad-gaetan' WHERE email = 'gaetan.morel@duret-electricite.fr'").run();
  return { db, local: new LocalIdentities('clothilde.martin@duret-electricite.fr') };
}

describe('parseAsCommand', () => {
  it.each([
    ['/as gaetan.morel@duret-electricite.fr', 'gaetan.morel@duret-electricite.fr'],
    ['  /AS  Gaetan.Morel@Duret-Electricite.fr ', 'gaetan.morel@duret-electricite.fr'],
    ['/as', ''],
    ['route for Gaëtan', null],
    ['/ask something', null],
    ['/as a b', null],
  ])('%j → %j', (text, expected) => expect(parseAsCommand(text)).toBe(expected));
});

describe('resolveActivityUser', () => {
  it('LOCAL mode: the default demo user, then the /as choice for that conversation only', async () => {
    const { db, local } = setup();
    const from = { aadObjectId: '00000000-0000-0000-0000-0000000000020' };
    expect((await resolveActivityUser({ db, mode: 'local', local, conversationId: 'c1', from }))?.email).toBe('clothilde.martin@duret-electricite.fr');
    expect(runAsCommand(db, 'local', local, 'c1', 'gaetan.morel@duret-electricite.fr')).toMatch(/Gaëtan Morel/);
    expect((await resolveActivityUser({ db, mode: 'local', local, conversationId: 'c1', from }))?.email).toBe('gaetan.morel@duret-electricite.fr');
    expect((await resolveActivityUser({ db, mode: 'local', local, conversationId: 'c2', from }))?.email).toBe('clothilde.martin@duret-electricite.fr');
  });

  it('production: the AAD object id, then the email Teams gives, else nobody', async () => {
    const { db, local } = setup();
    const byAad = await resolveActivityUser({ db, mode: 'production', local, conversationId: 'c', from: { aadObjectId: 'aad-gaetan' } });
    expect(byAad?.email).toBe('gaetan.morel@duret-electricite.fr');
    const byEmail = await resolveActivityUser({
      db, mode: 'production', local, conversationId: 'c', from: { aadObjectId: 'aad-unknown' },
      fetchEmail: async () => 'marc.duret@duret-electricite.fr',
    });
    expect(byEmail?.email).toBe('marc.duret@duret-electricite.fr');
    const failing = await resolveActivityUser({
      db, mode: 'production', local, conversationId: 'c', from: { aadObjectId: 'aad-unknown' },
      fetchEmail: async () => { throw new Error('connector down'); },
    });
    expect(failing).toBeNull();
    expect(await resolveActivityUser({ db, mode: 'production', local, conversationId: 'c', from: undefined })).toBeNull();
  });
});

describe('runAsCommand', () => {
  it('refused in production, identity unchanged', () => {
    const { db, local } = setup();
    expect(runAsCommand(db, 'production', local, 'c1', 'gaetan.morel@duret-electricite.fr')).toMatch(/mode local/);
    expect(local.emailFor('c1')).toBe('clothilde.martin@duret-electricite.fr');
  });
  it('unknown or missing login → the list of valid logins', () => {
    const { db, local } = setup();
    const text = runAsCommand(db, 'local', local, 'c1', 'nobody@example.com');
    expect(text).toContain('nobody@example.com');
    expect(text).toContain('thomas.girard@duret-electricite.fr');
    expect(runAsCommand(db, 'local', local, 'c1', '')).toContain('/as prenom.nom@duret-electricite.fr');
    expect(local.emailFor('c1')).toBe('clothilde.martin@duret-electricite.fr');
  });
});
