import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkInfra, formatDiagnostic, objectVariableKeys, parseBicep, tokenize, type Declaration, type Expr } from './check-infra.ts';

const ROOT = join(import.meta.dirname, '..');
const INFRA = join(ROOT, 'infra');
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** A copy of infra/ with one file edited; `edit` must change it (else the test would prove nothing). */
function brokenCopy(file: string, edit: (src: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'infra-'));
  temps.push(dir);
  cpSync(INFRA, dir, { recursive: true });
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`the edit of ${file} changed nothing`);
  writeFileSync(path, after);
  return dir;
}

async function errorsOf(dir: string): Promise<string[]> {
  const r = await checkInfra(dir, { treeSitter: false });
  return r.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d, dir));
}

describe('infra/ as committed', () => {
  it('passes every check, with no warning', async () => {
    const r = await checkInfra(INFRA);
    expect(r.diagnostics.map((d) => formatDiagnostic(d, ROOT))).toEqual([]);
    expect(r.files.map((f) => f.slice(INFRA.length + 1)).sort()).toEqual([
      'main.bicep',
      'main.bicepparam',
      'modules/bot.bicep',
      'modules/keyvault.bicep',
      'modules/monitoring.bicep',
      'modules/sql.bicep',
      'modules/web.bicep',
    ]);
  });

  const web = parseBicep(readFileSync(join(INFRA, 'modules/web.bicep'), 'utf8'));
  const resource = (decls: Declaration[], type: string): Expr => {
    const d = decls.find((x) => x.keyword === 'resource' && x.target?.startsWith(type + '@'));
    if (!d?.value) throw new Error(`no resource ${type}`);
    return d.value;
  };
  /** The value at a property path of an object expression, as source-like text. */
  const at = (e: Expr, ...path: string[]): string => {
    let cur: Expr = e;
    for (const key of path) {
      while (cur.kind === 'if' || cur.kind === 'for') cur = cur.body;
      if (cur.kind !== 'object') throw new Error(`${path.join('.')}: not an object at ${key}`);
      const p = cur.props.find((x) => x.key === key);
      if (!p) throw new Error(`no property ${path.join('.')}`);
      cur = p.value;
    }
    if (cur.kind === 'literal') return String(cur.value);
    if (cur.kind === 'string') return cur.str.pieces.join('${…}');
    if (cur.kind === 'ident') return cur.name;
    return cur.kind;
  };

  it('runs the bot on Linux Node 22 LTS, always on, health-checked on /readyz, HTTPS and TLS 1.2 only, no FTP, with its own identity', () => {
    const site = resource(web, 'Microsoft.Web/sites');
    expect(at(site, 'kind')).toBe('app,linux');
    expect(at(site, 'identity', 'type')).toBe('SystemAssigned');
    expect(at(site, 'properties', 'httpsOnly')).toBe('true');
    expect(at(site, 'properties', 'siteConfig', 'linuxFxVersion')).toBe('NODE|22-lts');
    expect(at(site, 'properties', 'siteConfig', 'alwaysOn')).toBe('true');
    expect(at(site, 'properties', 'siteConfig', 'healthCheckPath')).toBe('/readyz');
    expect(at(site, 'properties', 'siteConfig', 'minTlsVersion')).toBe('1.2');
    expect(at(site, 'properties', 'siteConfig', 'ftpsState')).toBe('Disabled');
    const plan = resource(web, 'Microsoft.Web/serverfarms');
    expect(at(plan, 'properties', 'reserved')).toBe('true');
    expect(at(plan, 'sku', 'capacity')).toBe('instanceCount');
  });

  it('registers a single-tenant Azure Bot on <app>.azurewebsites.net/api/messages with the Teams channel', () => {
    const bot = parseBicep(readFileSync(join(INFRA, 'modules/bot.bicep'), 'utf8'));
    const reg = resource(bot, 'Microsoft.BotService/botServices');
    expect(at(reg, 'kind')).toBe('azurebot');
    expect(at(reg, 'properties', 'msaAppType')).toBe('SingleTenant');
    expect(at(reg, 'properties', 'msaAppId')).toBe('msaAppId');
    expect(at(reg, 'properties', 'msaAppTenantId')).toBe('msaAppTenantId');
    const channel = resource(bot, 'Microsoft.BotService/botServices/channels');
    expect(at(channel, 'name')).toBe('MsTeamsChannel');
    expect(at(channel, 'properties', 'channelName')).toBe('MsTeamsChannel');
    const main = parseBicep(readFileSync(join(INFRA, 'main.bicep'), 'utf8'));
    const botModule = main.find((d) => d.keyword === 'module' && d.name === 'bot')!;
    expect(at(botModule.value!, 'params', 'endpoint')).toBe('https://${…}/api/messages');
  });

  it('sets every production variable of .env.example as an app setting, secrets as Key Vault references', () => {
    const envNames = readFileSync(join(ROOT, '.env.example'), 'utf8')
      .split('\n')
      .map((l) => /^([A-Z][A-Z0-9_]*)=/.exec(l)?.[1])
      .filter((n): n is string => n !== undefined);
    // Not for production: the platform sets PORT; SQLite, LOCAL mode and packaging-only settings.
    const notInProduction = new Set(['PORT', 'SAV_DB', 'DATABASE_URL', 'SAV_LOCAL_USER', 'TEAMS_APP_ID', 'BOT_ID', 'BOT_DOMAIN']);
    const settings = objectVariableKeys(join(INFRA, 'modules/web.bicep'), 'appSettings');
    const missing = envNames.filter((n) => !notInProduction.has(n) && !settings.includes(n));
    expect(missing, 'variables of .env.example with no app setting in infra/modules/web.bicep').toEqual([]);
    expect(settings).toContain('APPLICATIONINSIGHTS_CONNECTION_STRING');

    const appSettings = web.find((d) => d.keyword === 'var' && d.name === 'appSettings')!.value!;
    for (const secret of ['CLIENT_SECRET', 'ETL_TOKEN', 'SQL_PASSWORD', 'TWILIO_AUTH_TOKEN']) {
      const p = appSettings.kind === 'object' ? appSettings.props.find((x) => x.key === secret) : undefined;
      const strings: string[] = [];
      const collect = (e: Expr): void => {
        if (e.kind === 'string') strings.push(e.str.pieces.join('${…}'));
        if (e.kind === 'ternary') [e.then, e.else].forEach(collect);
      };
      collect(p!.value);
      expect(strings.filter((s) => s !== ''), secret).toEqual(['@Microsoft.KeyVault(SecretUri=${…})']);
    }
  });

  it('keeps the four secrets in an RBAC Key Vault that the web app identity reads as Key Vault Secrets User', () => {
    const kv = parseBicep(readFileSync(join(INFRA, 'modules/keyvault.bicep'), 'utf8'));
    expect(at(resource(kv, 'Microsoft.KeyVault/vaults'), 'properties', 'enableRbacAuthorization')).toBe('true');
    const secrets = kv.filter((d) => d.target?.startsWith('Microsoft.KeyVault/vaults/secrets@')).map((d) => at(d.value!, 'name'));
    expect(secrets.sort()).toEqual(['bot-client-secret', 'etl-token', 'sql-password', 'twilio-auth-token']);
    const src = readFileSync(join(INFRA, 'modules/web.bicep'), 'utf8');
    expect(src).toContain("var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'"); // Key Vault Secrets User
    expect(at(resource(web, 'Microsoft.Authorization/roleAssignments'), 'properties', 'principalType')).toBe('ServicePrincipal');
  });
});

describe('the lexer', () => {
  const strings = (src: string) => tokenize(src).filter((t) => t.kind === 'string').map((t) => t.str!);

  it('reads escapes, ${} interpolations (nested), and keeps // inside strings', () => {
    const [a, b, c] = strings("var a = 'it\\'s \\${not} \\u{1F600} // x'\nvar b = 'x${f('}')}y${z}'\nvar c = 'https://h'");
    expect(a!.pieces).toEqual(["it's ${not} \u{1F600} // x"]);
    expect(a!.interpolations).toHaveLength(0);
    expect(b!.pieces).toEqual(['x', 'y', '']);
    expect(b!.interpolations.map((toks) => toks.map((t) => t.text).join(' ').trim())).toEqual(["f ( '}' )", 'z']);
    expect(c!.pieces).toEqual(['https://h']);
  });

  it("reads ''' multi-line strings verbatim (no escapes, no interpolation) and skips comments", () => {
    const toks = tokenize("/* a\n b */ var m = '''\nline ${x} \\n\n'''\n// end");
    const m = toks.find((t) => t.kind === 'string')!;
    expect(m.str).toEqual({ pieces: ['line ${x} \\n\n'], interpolations: [], multiline: true });
    expect(toks.filter((t) => t.kind === 'ident').map((t) => t.text)).toEqual(['var', 'm']);
  });

  it.each([
    ["var a = 'abc", /1:9 unterminated string/],
    ["var a = 'a\\qb'", /invalid escape \\q/],
    ["var a = 'a${b", /unterminated \$\{…\} interpolation/],
    ["var a = '${}'", /empty \$\{\} interpolation/],
    ["var a = '''abc", /unterminated ''' multi-line string/],
    ['/* never closed', /unterminated \/\* comment/],
    ['var a = [1, 2)', /'\)' does not match '\[' opened at 1:9/],
    ['var a = {\n b: 1\n', /'\{' opened here is never closed/],
    ['var a = 1.5', /no decimal number literals/],
    ['var a = #', /unexpected character "#"/],
  ])('rejects %j', (src, message) => {
    let error: unknown;
    try {
      tokenize(src);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    const e = error as Error & { line: number; col: number };
    expect(`${e.line}:${e.col} ${e.message}`).toMatch(message);
  });
});

describe('the parser', () => {
  it('accepts the constructs infra/ does not use yet', () => {
    const src = [
      "@export()\ntype tier = 'Basic' | 'Standard'",
      "func prefixed(n string) string => 'sav-${n}'",
      "param names string[] = [\n  'a'\n  'b'\n]",
      'param maybe int?',
      "var upper = map(names, n => toUpper(n))\nvar pairs = [for (n, i) in names: {\n  n: n\n  i: i\n}]",
      "var picked = maybe ?? 3\nvar nested = { a: { b: [1, 2] } }\nvar access = nested.a.?b[0]",
      "resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = [for n in names: if (!empty(n)) {\n  name: prefixed(n)\n  resource blob 'blobServices' = {\n    name: 'default'\n  }\n}]",
      "output first string = upper[0]\noutput count int = length(pairs) + picked + length(string(access))\noutput t tier = 'Basic'",
    ].join('\n');
    const decls = parseBicep(src);
    expect(decls.map((d) => `${d.keyword} ${d.name}`)).toEqual([
      'type tier', 'func prefixed', 'param names', 'param maybe', 'var upper', 'var pairs', 'var picked', 'var nested', 'var access',
      'resource sa', 'output first', 'output count', 'output t',
    ]);
  });

  it.each([
    ['param a string param b string', /expected a line break after the param declaration but found 'param'/],
    ['parm a string', /unknown declaration 'parm'/],
    ["resource r = {\n name: 'x'\n}", /expected the type of resource r \(a string\)/],
    ["var o = {\n  a: 1 b: 2\n}", /expected a line break, ',' or '\}' after a property but found 'b'/],
    ["var o = {\n  a: 1\n  a: 2\n}", /property 'a' is set twice/],
    ['var x = f(1,)', /expected an argument after ','/],
    ["module m 'x${y}.bicep' = {}", /the path of module m cannot use \$\{…\} interpolation/],
    ["var s = 'a' +", /expected a value but found the end of the file/],
    ["resource r 'A.B/c@2020-01-01' = 'x'", /expected the body of resource r/],
  ])('rejects %j', (src, message) => {
    expect(() => parseBicep(src)).toThrow(message);
  });
});

describe('broken copies of infra/ fail with a clear message', () => {
  const cases: [string, string, (s: string) => string, RegExp][] = [
    ['a missing closing brace', 'modules/bot.bicep', (s) => s.replace(/\n}\n\noutput endpoint/, '\n\noutput endpoint'), /modules\/bot\.bicep:\d+:\d+: error: syntax: '\{' opened here is never closed/],
    ['an undeclared identifier', 'modules/web.bicep', (s) => s.replace('serverFarmId: plan.id', 'serverFarmId: plna.id'), /modules\/web\.bicep:\d+:\d+: error: 'plna' is not declared/],
    ['an unknown function', 'main.bicep', (s) => s.replace('uniqueString(resourceGroup().id', 'uniqueStrin(resourceGroup().id'), /main\.bicep:\d+:\d+: error: unknown function 'uniqueStrin\(\)'/],
    ['an unknown decorator', 'main.bicep', (s) => s.replace('@secure()\nparam botClientSecret', '@secured()\nparam botClientSecret'), /unknown decorator @secured[\s\S]*parameter 'botClientSecret' looks like a secret: mark it @secure\(\)/],
    ['a resource type without API version', 'modules/sql.bicep', (s) => s.replace("'Microsoft.Sql/servers@2021-11-01'", "'Microsoft.Sql/servers'"), /resource 'server': 'Microsoft\.Sql\/servers' is not a resource type/],
    ['an impossible API version date', 'modules/monitoring.bicep', (s) => s.replace('workspaces@2023-09-01', 'workspaces@2023-13-01'), /API version date 2023-13-01 is not a real date/],
    ['a module file that does not exist', 'main.bicep', (s) => s.replace("'modules/sql.bicep'", "'modules/mssql.bicep'"), /module 'sql': file 'modules\/mssql\.bicep' does not exist/],
    ['a parameter the module does not declare', 'main.bicep', (s) => s.replace('    instanceCount: instanceCount\n', '    instanceCount: instanceCount\n    instances: 3\n'), /module 'web': modules\/web\.bicep has no parameter 'instances'/],
    ['a required module parameter left out', 'main.bicep', (s) => s.replace('    databaseSku: sqlDatabaseSku\n', ''), /module 'sql': required parameter 'databaseSku' of modules\/sql\.bicep is not set/],
    ['an output the module does not have', 'main.bicep', (s) => s.replace('web.outputs.hostName}/api', 'web.outputs.host}/api'), /module 'web' \(modules\/web\.bicep\) has no output 'host'/],
    ['a required parameter missing from main.bicepparam', 'main.bicepparam', (s) => s.replace(/param botAppId = .*\n/, ''), /main\.bicepparam:\d+:\d+: error: required parameter 'botAppId' of main\.bicep is not set/],
    ['a parameter main.bicep does not declare', 'main.bicepparam', (s) => s + "param region = 'francecentral'\n", /parameter 'region' is not declared in main\.bicep/],
    ['a secret written in the parameters file', 'main.bicepparam', (s) => s.replace(/param etlToken = .*/, "param etlToken = 'hunter2hunter2hunter2'"), /secure parameter 'etlToken' is set from a literal/],
    ['a storage key in a string', 'modules/web.bicep', (s) => s.replace("OSRM_PROFILE: 'driving'", "OSRM_PROFILE: 'DefaultEndpointsProtocol=https;AccountKey=c2VjcmV0c2VjcmV0c2VjcmV0'"), /this string looks like an Azure storage or Service Bus key/],
    ['a default value on a secure parameter', 'main.bicep', (s) => s.replace('param sqlAdminPassword string', "param sqlAdminPassword string = 'P@ssw0rd-in-git'"), /secure parameter 'sqlAdminPassword' has a default value/],
    ['an output exposing a secret', 'modules/sql.bicep', (s) => s + 'output password string = adminPassword\n', /output 'password' exposes secure parameter 'adminPassword'/],
    ['a malformed Key Vault reference', 'modules/web.bicep', (s) => s.replace("ETL_TOKEN: '@Microsoft.KeyVault(SecretUri=${secretUris.etlToken})'", "ETL_TOKEN: '@Microsoft.KeyVault(${secretUris.etlToken}'"), /malformed Key Vault reference/],
    ['a name declared twice', 'modules/bot.bicep', (s) => s.replace('param tags object', 'param tags object\nparam sku string'), /'sku' is already declared at line \d+/],
    ['two statements on one line', 'modules/bot.bicep', (s) => s.replace('param tags object', 'param tags object param extra string'), /expected a line break after the param declaration but found 'param'/],
    ['a bad targetScope', 'main.bicep', (s) => s.replace("targetScope = 'resourceGroup'", "targetScope = 'resourcegroup'"), /targetScope must be one of/],
    ['a resource without a name', 'modules/bot.bicep', (s) => s.replace('  name: name\n  location: \'global\'\n  kind', "  location: 'global'\n  kind"), /resource 'bot' has no name/],
  ];

  it.each(cases)('%s', async (_what, file, edit, message) => {
    const errors = await errorsOf(brokenCopy(file, edit));
    expect(errors.join('\n')).toMatch(message);
  });

  it('warns about a parameter declared and never used', async () => {
    const dir = brokenCopy('modules/bot.bicep', (s) => s.replace('param tags object', "param tags object\nparam unused string = 'x'"));
    const r = await checkInfra(dir, { treeSitter: false });
    expect(r.diagnostics.map((d) => `${d.severity}: ${d.message}`)).toEqual(["warning: parameter 'unused' is declared but never used"]);
  });

  it('the command exits 1 and prints file:line:col on a broken copy, 0 on infra/', async () => {
    const { spawnSync } = await import('node:child_process');
    const script = join(ROOT, 'scripts/check-infra.ts');
    const tsx = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
    const ok = spawnSync(process.execPath, [tsx, script, INFRA], { encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/check-infra: 7 files, 0 errors, 0 warnings/);
    const dir = brokenCopy('modules/sql.bicep', (s) => s.replace("name: 'AllowAllWindowsAzureIps'", "name: 'AllowAllWindowsAzureIps"));
    const bad = spawnSync(process.execPath, [tsx, script, dir], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^modules\/sql\.bicep:\d+:\d+: error: syntax: unterminated string|sql\.bicep:\d+:9: error: syntax: unterminated string/m);
  });
});

// The independent grammar, when the optional packages are installed (npm i -D web-tree-sitter tree-sitter-bicep).
const treeSitterInstalled = (() => {
  try {
    const require = createRequire(import.meta.url);
    require.resolve('web-tree-sitter');
    require.resolve('tree-sitter-bicep/package.json');
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(treeSitterInstalled)('tree-sitter-bicep (installed)', () => {
  it('parses infra/ without error and flags a broken file', async () => {
    const ok = await checkInfra(INFRA, { requireTreeSitter: true });
    expect(ok.treeSitter).toMatch(/^tree-sitter-bicep@/);
    expect(ok.diagnostics).toEqual([]);
    const dir = brokenCopy('modules/web.bicep', (s) => s.replace("alwaysOn: true\n", 'alwaysOn: true(\n'));
    const bad = await checkInfra(dir, { requireTreeSitter: true });
    expect(bad.diagnostics.some((d) => d.file.endsWith('web.bicep') && d.message.startsWith('syntax (tree-sitter-bicep@'))).toBe(true);
  });
});
