import { readFileSync } from 'node:fs';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildManifest, readManifestTemplate } from './build.ts';
import { ICON_FILES, renderColorIcon, renderOutlineIcon } from './make-icons.ts';

const SAMPLE = {
  TEAMS_APP_ID: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  BOT_ID: '3f2b1c9e-8d4a-4b6f-9c1e-2a7d5e8f0b13',
  BOT_DOMAIN: 'sav.example.com',
};

type Command = { title: string; description: string };
type Bot = { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: Command[] }[] };

const readJson = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const validate = (doc: unknown): Promise<string[]> =>
  AppManifestUtils.validateAgainstSchema(doc as AppManifest);
const botOf = (manifest: Record<string, unknown>): Bot => (manifest.bots as Bot[])[0]!;

describe('Teams manifest', () => {
  // Offline: the package must resolve $schema to its bundled copy; any network call fails the test.
  const fetchSpy = vi.fn(() => Promise.reject(new Error('network is not allowed in tests')));
  beforeEach(() => vi.stubGlobal('fetch', fetchSpy));
  afterEach(() => {
    expect(fetchSpy).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });

  it('validates against the bundled v1.30 schema with zero errors', async () => {
    const manifest = buildManifest(SAMPLE);
    expect(manifest.manifestVersion).toBe('1.30');
    expect(await validate(manifest)).toEqual([]);
  });

  it('the validator does reject a broken manifest', async () => {
    const manifest = buildManifest(SAMPLE);
    const broken = { ...manifest, description: { short: 'x'.repeat(81), full: 'y' } };
    const errors = await validate(broken);
    expect(errors.some((e) => e.startsWith('/description/short'))).toBe(true);
  });

  it('fr.json validates against the bundled localization schema and translates every command', async () => {
    const fr = readJson('fr.json');
    // The bundled v1.30 localization schema has patterns ajv cannot compile in unicode mode
    // (`\b]` in the activities keys): drop those, keep the rest (the bots[0] keys among them).
    const schema = (await AppManifestUtils.fetchSchema(fr.$schema as string)) as unknown as {
      patternProperties: Record<string, unknown>;
    };
    const compiles = (p: string): boolean => {
      try {
        return new RegExp(p, 'u') instanceof RegExp;
      } catch {
        return false;
      }
    };
    const patterns = Object.keys(schema.patternProperties);
    schema.patternProperties = Object.fromEntries(
      patterns.filter(compiles).map((p) => [p, schema.patternProperties[p]]),
    );
    expect(patterns.filter((p) => !compiles(p) && p.includes('bots'))).toEqual([]);
    expect(await AppManifestUtils.validateAgainstSchema(fr as unknown as AppManifest, schema as never)).toEqual([]);
    const expected = botOf(buildManifest(SAMPLE)).commandLists.flatMap((list, i) =>
      list.commands.flatMap((_, j) => [
        `bots[0].commandLists[${i}].commands[${j}].title`,
        `bots[0].commandLists[${i}].commands[${j}].description`,
      ]),
    );
    const commandKeys = Object.keys(fr).filter((k) => k.startsWith('bots['));
    expect(commandKeys.sort()).toEqual(expected.sort());
    expect(fr['bots[0].commandLists[0].commands[0].title']).toBe("ma tournée aujourd'hui");
  });

  it('has one bot in personal, team and groupChat with one short command list per scope', () => {
    const bot = botOf(buildManifest(SAMPLE));
    expect(bot.botId).toBe(SAMPLE.BOT_ID);
    expect(bot.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.commandLists.flatMap((l) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of bot.commandLists) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      expect(new Set(list.commands.map((c) => c.title)).size).toBe(list.commands.length);
      for (const c of list.commands) {
        expect(c.title.length).toBeLessThanOrEqual(32);
        expect(c.description.length).toBeLessThanOrEqual(128);
      }
    }
  });
});

describe('buildManifest', () => {
  it('substitutes every placeholder', () => {
    expect(JSON.stringify(readManifestTemplate())).toMatch(/\$\{\{BOT_ID\}\}/);
    const text = JSON.stringify(buildManifest(SAMPLE));
    expect(text).not.toMatch(/\$\{\{/);
    const manifest = buildManifest(SAMPLE);
    expect(manifest.id).toBe(SAMPLE.TEAMS_APP_ID);
    expect(manifest.validDomains).toEqual([SAMPLE.BOT_DOMAIN]);
  });

  it('takes the bot id from CLIENT_ID when BOT_ID is not set', () => {
    const { BOT_ID, ...rest } = SAMPLE;
    expect(botOf(buildManifest({ ...rest, CLIENT_ID: BOT_ID })).botId).toBe(BOT_ID);
  });

  it('names a missing variable', () => {
    expect(() => buildManifest({ ...SAMPLE, BOT_DOMAIN: undefined })).toThrow(/manquante : BOT_DOMAIN/);
    expect(() => buildManifest({ ...SAMPLE, BOT_ID: '' })).toThrow(/manquante : BOT_ID ou CLIENT_ID/);
  });

  it('names an invalid variable', () => {
    expect(() => buildManifest({ ...SAMPLE, TEAMS_APP_ID: 'abc' })).toThrow(/TEAMS_APP_ID invalide/);
    expect(() => buildManifest({ ...SAMPLE, BOT_DOMAIN: 'https://sav.example.com/' })).toThrow(
      /BOT_DOMAIN invalide/,
    );
  });

  it('rejects a template placeholder it does not know', () => {
    expect(() => buildManifest(SAMPLE, { x: ['${{NOPE}}'] })).toThrow(/inconnu \$\{\{NOPE\}\} à \$\.x\[0\]/);
  });
});

describe('icons', () => {
  const read = (file: string): PNG => PNG.sync.read(readFileSync(file));

  it('color.png is 192×192 and opaque', () => {
    const png = read(ICON_FILES.color);
    expect([png.width, png.height]).toEqual([192, 192]);
    for (let i = 3; i < png.data.length; i += 4) expect(png.data[i]).toBe(255);
  });

  it('outline.png is 32×32, white on transparent', () => {
    const png = read(ICON_FILES.outline);
    expect([png.width, png.height]).toEqual([32, 32]);
    let opaque = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      if (png.data[i + 3] === 0) continue;
      expect([png.data[i], png.data[i + 1], png.data[i + 2]]).toEqual([255, 255, 255]);
      if (png.data[i + 3] === 255) opaque++;
    }
    expect(png.data[3]).toBe(0); // top-left corner is transparent
    expect(opaque).toBeGreaterThan(50);
  });

  it('the committed icons are what make-icons.ts draws', () => {
    expect(read(ICON_FILES.color).data.equals(renderColorIcon().data)).toBe(true);
    expect(read(ICON_FILES.outline).data.equals(renderOutlineIcon().data)).toBe(true);
  });
});
