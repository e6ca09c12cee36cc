import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_FILES, writeAppPackage } from './package-zip.ts';

const ENV = { TEAMS_APP_ID: '11111111-2222-4333-8444-555555555555', CLIENT_ID: '66666666-7777-4888-9999-000000000000', BOT_DOMAIN: 'sav.example.com' };

describe('npm run package', () => {
  it('zips the built manifest, the French file and both icons', async () => {
    const out = await writeAppPackage(ENV, join(mkdtempSync(join(tmpdir(), 'sav-pkg-')), 'app.zip'));
    const zip = readFileSync(out);
    expect(zip.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04])); // a zip local file header
    const text = zip.toString('latin1');
    for (const name of ['manifest.json', ...PACKAGE_FILES]) expect(text).toContain(name);
    // end of central directory: 4 entries
    const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    expect(zip.readUInt16LE(eocd + 10)).toBe(4);
  });

  it('stops with the names of the missing variables, writing nothing', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sav-pkg-')), 'app.zip');
    await expect(writeAppPackage({ BOT_DOMAIN: 'sav.example.com' }, out)).rejects.toThrow(/TEAMS_APP_ID.*BOT_ID ou CLIENT_ID/);
    expect(() => readFileSync(out)).toThrow(/ENOENT/);
  });
});
