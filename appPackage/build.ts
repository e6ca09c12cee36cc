/**
 * Builds the Teams manifest from the template manifest.json: every `${{NAME}}` placeholder is replaced by
 * the matching environment variable, checked first. Run `npx tsx appPackage/build.ts` to print it.
 * `npm run package` (package-zip.ts) zips it with fr.json and the icons for upload.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/** Each placeholder: the variables that may hold it (first set wins), what it is, how it is checked. */
const VARIABLES = {
  TEAMS_APP_ID: { from: ['TEAMS_APP_ID'], what: "l'identifiant de l'application Teams (GUID)", check: z.guid() },
  BOT_ID: { from: ['BOT_ID', 'CLIENT_ID'], what: "l'identifiant d'application Entra du bot (GUID)", check: z.guid() },
  BOT_DOMAIN: {
    from: ['BOT_DOMAIN'],
    what: 'le nom d\'hôte public du bot, sans https:// ni chemin (ex. sav.example.com)',
    check: z.string().regex(HOSTNAME),
  },
} as const;

export type Placeholder = keyof typeof VARIABLES;
export const PLACEHOLDERS = Object.keys(VARIABLES) as Placeholder[];
export type PackageEnv = Record<Placeholder, string>;
type Env = Readonly<Record<string, string | undefined>>;

const PLACEHOLDER = /\$\{\{([A-Za-z0-9_]+)\}\}/g;

/** Reads and checks the variables; throws one error listing every missing or invalid one by name. */
export function resolvePackageEnv(env: Env): PackageEnv {
  const problems: string[] = [];
  const values = {} as PackageEnv;
  for (const name of PLACEHOLDERS) {
    const spec = VARIABLES[name];
    const source = spec.from.find((v) => (env[v] ?? '').trim() !== '');
    const label = spec.from.join(' ou ');
    if (!source) {
      problems.push(`variable d'environnement manquante : ${label} — ${spec.what}`);
      continue;
    }
    const value = env[source]!.trim();
    if (!spec.check.safeParse(value).success) {
      problems.push(`variable d'environnement ${source} invalide (« ${value} ») — attendu ${spec.what}`);
      continue;
    }
    values[name] = value;
  }
  if (problems.length > 0) throw new Error(`Manifeste Teams : ${problems.join(' ; ')}`);
  return values;
}

export function readManifestTemplate(): unknown {
  return JSON.parse(readFileSync(new URL('./manifest.json', import.meta.url), 'utf8'));
}

function substitute(node: unknown, values: PackageEnv, path: string): unknown {
  if (typeof node === 'string') {
    return node.replace(PLACEHOLDER, (_, name: string) => {
      if (!(name in values)) throw new Error(`Manifeste Teams : espace réservé inconnu \${{${name}}} à ${path}`);
      return values[name as Placeholder];
    });
  }
  if (Array.isArray(node)) return node.map((item, i) => substitute(item, values, `${path}[${i}]`));
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, substitute(v, values, `${path}.${k}`)]));
  }
  return node;
}

/** The manifest with every placeholder replaced from `env`; throws naming any missing/invalid variable. */
export function buildManifest(
  env: Env = process.env,
  template: unknown = readManifestTemplate(),
): Record<string, unknown> {
  return substitute(template, resolvePackageEnv(env), '$') as Record<string, unknown>;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    console.log(JSON.stringify(buildManifest(), null, 2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
