/**
 * `npm run package`: the Teams app package to upload — manifest.json (built from the template and the
 * environment: TEAMS_APP_ID, BOT_ID or CLIENT_ID, BOT_DOMAIN), fr.json and the two icons — as
 * appPackage/build/sav-assistant.zip. A missing or invalid variable stops it with the variable's name.
 */
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import yazl from 'yazl';
import { buildManifest } from './build.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
export const PACKAGE_FILES = ['fr.json', 'color.png', 'outline.png'] as const;

/** Writes the zip to `out` (default appPackage/build/sav-assistant.zip) and returns its path. */
export async function writeAppPackage(env: Readonly<Record<string, string | undefined>> = process.env, out = join(HERE, 'build', 'sav-assistant.zip')): Promise<string> {
  const manifest = buildManifest(env);
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2)), 'manifest.json');
  for (const name of PACKAGE_FILES) zip.addBuffer(readFileSync(join(HERE, name)), name);
  zip.end();
  mkdirSync(dirname(out), { recursive: true });
  await new Promise<void>((resolve, reject) => {
    const file = createWriteStream(out);
    file.on('close', () => resolve());
    file.on('error', reject);
    zip.outputStream.on('error', reject).pipe(file);
  });
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeAppPackage()
    .then((path) => console.log(`Teams app package: ${path}`))
    .catch((error: unknown) => {
      console.error((error as Error).message);
      process.exitCode = 1;
    });
}
