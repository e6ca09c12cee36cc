/**
 * Offline dependency audit: the production tree of package-lock.json against a local copy of advisory data,
 * for machines where `npm audit` cannot reach the registry's bulk advisory endpoint.
 *
 * Two advisory formats are read, recursively, from every `*.json` under `--advisories <dir>`:
 *   - OSV, as in github/advisory-database (`advisories/github-reviewed/YYYY/MM/GHSA-…/GHSA-….json`):
 *     `affected[].package.{ecosystem: 'npm', name}`, `affected[].ranges[].events` (introduced / fixed /
 *     last_affected), `affected[].versions`, `database_specific.severity`, `withdrawn`;
 *   - GitLab Advisory Database records as mirrored by aquasecurity/vuln-list (`glad/npm/<name>/<id>.json`):
 *     `PackageSlug: 'npm/<name>'`, `AffectedRange` (npm semver, `||`-separated), `FixedVersions`, `CvssV3`.
 * Ranges are evaluated with `semver` (prereleases included). Severity is the advisory's own (OSV) or the CVSS
 * v3 base score computed from the vector (GLAD); a record with no score whose title says malware is critical.
 * The same issue published under a CVE and a GHSA id is reported once.
 *
 * Only packages not marked `dev` in the lockfile are audited unless `--include-dev` is given. The script
 * always exits 0 when it could produce the report (it is a report, not a gate); 2 on bad flags or input.
 *
 * Usage: npx tsx scripts/audit-offline.ts --advisories <dir> [--lock package-lock.json] [--include-dev]
 *                                          [--min-severity low|moderate|high|critical] [--json]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';

// `semver` is in the tree (jsonwebtoken, node-abi…) but has no @types package installed: type what we use.
interface SemverApi {
  valid(v: string): string | null;
  validRange(r: string, o?: { includePrerelease?: boolean }): string | null;
  satisfies(v: string, r: string, o?: { includePrerelease?: boolean }): boolean;
  compare(a: string, b: string): -1 | 0 | 1;
}
const semver = createRequire(import.meta.url)('semver') as SemverApi;

// ─────────────────────────────── severities ───────────────────────────────

export const SEVERITIES = ['critical', 'high', 'moderate', 'low', 'unknown'] as const;
export type Severity = (typeof SEVERITIES)[number];
const RANK: Record<Severity, number> = { critical: 4, high: 3, moderate: 2, low: 1, unknown: 0 };

const CVSS3_WEIGHTS = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

/** CVSS v3.0/3.1 base score of a vector such as `CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H`; null if not v3. */
export function cvss3BaseScore(vector: string): number | null {
  const parts = vector.trim().split('/');
  if (!/^CVSS:3\.[01]$/.test(parts[0] ?? '')) return null;
  const m = new Map<string, string>();
  for (const p of parts.slice(1)) {
    const [k, v] = p.split(':');
    if (k && v) m.set(k, v);
  }
  const get = <T extends Record<string, number>>(table: T, key: string): number | null => {
    const v = m.get(key);
    return v !== undefined && v in table ? (table[v as keyof T] as number) : null;
  };
  const scope = m.get('S');
  if (scope !== 'U' && scope !== 'C') return null;
  const av = get(CVSS3_WEIGHTS.AV, 'AV');
  const ac = get(CVSS3_WEIGHTS.AC, 'AC');
  const ui = get(CVSS3_WEIGHTS.UI, 'UI');
  const c = get(CVSS3_WEIGHTS.CIA, 'C');
  const i = get(CVSS3_WEIGHTS.CIA, 'I');
  const a = get(CVSS3_WEIGHTS.CIA, 'A');
  const prRaw = m.get('PR');
  const pr = prRaw === 'N' ? 0.85 : prRaw === 'L' ? (scope === 'C' ? 0.68 : 0.62) : prRaw === 'H' ? (scope === 'C' ? 0.5 : 0.27) : null;
  if (av === null || ac === null || ui === null || c === null || i === null || a === null || pr === null) return null;
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = scope === 'U' ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15);
  const exploitability = 8.22 * av * ac * pr * ui;
  if (impact <= 0) return 0;
  const raw = scope === 'U' ? Math.min(impact + exploitability, 10) : Math.min(1.08 * (impact + exploitability), 10);
  // CVSS 3.1 Roundup: the smallest number with one decimal ≥ raw, free of floating-point artefacts.
  const n = Math.round(raw * 100_000);
  return n % 10_000 === 0 ? n / 100_000 : (Math.floor(n / 10_000) + 1) / 10;
}

export function severityOfScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'moderate';
  if (score > 0) return 'low';
  return 'unknown';
}

function normaliseSeverity(s: string | undefined): Severity | null {
  switch (s?.toLowerCase()) {
    case 'critical':
      return 'critical';
    case 'high':
      return 'high';
    case 'moderate':
    case 'medium':
      return 'moderate';
    case 'low':
      return 'low';
    default:
      return null;
  }
}

// ─────────────────────────────── the tree ───────────────────────────────

export interface InstalledPackage {
  readonly name: string;
  readonly version: string;
  /** where the lockfile puts it, e.g. node_modules/a/node_modules/b */
  readonly path: string;
  readonly dev: boolean;
  readonly optional: boolean;
}

const LockEntrySchema = z.looseObject({
  name: z.string().optional(),
  version: z.string().optional(),
  dev: z.boolean().optional(),
  optional: z.boolean().optional(),
  link: z.boolean().optional(),
});
const LockSchema = z.looseObject({
  lockfileVersion: z.number().int().min(2, 'lockfileVersion 1 has no "packages" map: run npm install with npm ≥ 7'),
  packages: z.record(z.string(), LockEntrySchema),
});

/** Every installed package of a v2/v3 package-lock.json (the root and links excluded). */
export function readLockfile(text: string, source = 'package-lock.json'): InstalledPackage[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = LockSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${source}: ${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'}`);
  }
  const out: InstalledPackage[] = [];
  for (const [path, entry] of Object.entries(parsed.data.packages)) {
    if (path === '' || entry.link === true || entry.version === undefined) continue;
    const idx = path.lastIndexOf('node_modules/');
    const name = entry.name ?? (idx >= 0 ? path.slice(idx + 'node_modules/'.length) : path);
    out.push({ name, version: entry.version, path, dev: entry.dev === true, optional: entry.optional === true });
  }
  return out;
}

// ─────────────────────────────── advisories ───────────────────────────────

export interface Advisory {
  readonly id: string;
  /** every other identifier it is known by (CVE, GHSA) */
  readonly aliases: readonly string[];
  readonly packageName: string;
  readonly summary: string;
  readonly severity: Severity;
  readonly score: number | null;
  /** first patched versions, when the source says */
  readonly fixed: readonly string[];
  /** the affected ranges as written by the source, for the report */
  readonly rangeText: string;
  readonly affects: (version: string) => boolean;
  readonly url: string | null;
  readonly file: string;
}

const OsvEventSchema = z.looseObject({
  introduced: z.string().optional(),
  fixed: z.string().optional(),
  last_affected: z.string().optional(),
  limit: z.string().optional(),
});
const OsvSchema = z.looseObject({
  id: z.string(),
  aliases: z.array(z.string()).optional(),
  summary: z.string().optional(),
  withdrawn: z.string().optional(),
  affected: z.array(
    z.looseObject({
      package: z.looseObject({ ecosystem: z.string(), name: z.string() }).optional(),
      ranges: z.array(z.looseObject({ type: z.string(), events: z.array(OsvEventSchema) })).optional(),
      versions: z.array(z.string()).optional(),
    }),
  ),
  severity: z.array(z.looseObject({ type: z.string(), score: z.string() })).optional(),
  database_specific: z.looseObject({ severity: z.string().optional() }).optional(),
});
const GladSchema = z.looseObject({
  Identifier: z.string(),
  PackageSlug: z.string(),
  Title: z.string().optional(),
  Description: z.string().optional(),
  AffectedRange: z.string(),
  FixedVersions: z.array(z.string()).nullish(),
  CvssV3: z.string().nullish(),
  Urls: z.array(z.string()).nullish(),
});

const GHSA_IN_URL = /\/advisories\/(GHSA-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4})/i;

function osvRangeAffects(events: z.output<typeof OsvEventSchema>[], version: string): boolean {
  // OSV: a version is affected by an [introduced, fixed) or [introduced, last_affected] interval.
  for (let k = 0; k < events.length; k++) {
    const start = events[k]?.introduced;
    if (start === undefined) continue;
    let end: { kind: 'fixed' | 'last'; v: string } | null = null;
    for (let j = k + 1; j < events.length; j++) {
      const e = events[j];
      if (e?.introduced !== undefined) break;
      if (e?.fixed !== undefined) end = { kind: 'fixed', v: e.fixed };
      else if (e?.last_affected !== undefined) end = { kind: 'last', v: e.last_affected };
      if (end) break;
    }
    const from = start === '0' ? '0.0.0-0' : start;
    if (!semver.valid(from) || semver.compare(version, from) < 0) continue;
    if (end === null) return true;
    if (!semver.valid(end.v)) continue;
    const c = semver.compare(version, end.v);
    if (end.kind === 'fixed' ? c < 0 : c <= 0) return true;
  }
  return false;
}

function osvRangeText(events: z.output<typeof OsvEventSchema>[]): string {
  return events
    .map((e) => (e.introduced !== undefined ? `>=${e.introduced}` : e.fixed !== undefined ? `<${e.fixed}` : e.last_affected !== undefined ? `<=${e.last_affected}` : ''))
    .filter(Boolean)
    .join(' ');
}

/** The npm advisories of one parsed JSON document (none if it is another ecosystem, withdrawn, or not an advisory). */
export function advisoriesFromJson(json: unknown, file: string, wanted?: ReadonlySet<string>): Advisory[] {
  const glad = GladSchema.safeParse(json);
  if (glad.success) {
    const g = glad.data;
    if (!g.PackageSlug.startsWith('npm/')) return [];
    const packageName = g.PackageSlug.slice('npm/'.length);
    if (wanted && !wanted.has(packageName)) return [];
    const range = g.AffectedRange.trim();
    const valid = semver.validRange(range, { includePrerelease: true }) !== null;
    const score = g.CvssV3 ? cvss3BaseScore(g.CvssV3) : null;
    const malware = /malware|malicious/i.test(`${g.Title ?? ''} ${g.Description ?? ''}`);
    const severity = score !== null ? severityOfScore(score) : malware ? 'critical' : 'unknown';
    const aliases = new Set<string>();
    for (const u of g.Urls ?? []) {
      const ghsa = GHSA_IN_URL.exec(u)?.[1];
      if (ghsa && ghsa.toUpperCase() !== g.Identifier.toUpperCase()) aliases.add(ghsa);
      const cve = /nvd\.nist\.gov\/vuln\/detail\/(CVE-\d{4}-\d+)/.exec(u)?.[1];
      if (cve && cve !== g.Identifier) aliases.add(cve);
    }
    return [
      {
        id: g.Identifier,
        aliases: [...aliases],
        packageName,
        summary: g.Title ?? '',
        severity,
        score,
        fixed: g.FixedVersions ?? [],
        rangeText: range,
        affects: (v) => valid && semver.satisfies(v, range, { includePrerelease: true }),
        url: (g.Urls ?? []).find((u) => GHSA_IN_URL.test(u)) ?? g.Urls?.[0] ?? null,
        file,
      },
    ];
  }
  const osv = OsvSchema.safeParse(json);
  if (!osv.success || osv.data.withdrawn) return [];
  const o = osv.data;
  const vectors = (o.severity ?? []).filter((s) => s.type === 'CVSS_V3').map((s) => cvss3BaseScore(s.score));
  const score = vectors.find((s): s is number => s !== null) ?? null;
  const severity = normaliseSeverity(o.database_specific?.severity) ?? (score !== null ? severityOfScore(score) : 'unknown');
  const out: Advisory[] = [];
  for (const aff of o.affected) {
    if (aff.package?.ecosystem.toLowerCase() !== 'npm') continue;
    const packageName = aff.package.name;
    if (wanted && !wanted.has(packageName)) continue;
    const ranges = (aff.ranges ?? []).filter((r) => r.type === 'SEMVER' || r.type === 'ECOSYSTEM');
    const explicit = new Set(aff.versions ?? []);
    const fixed = ranges.flatMap((r) => r.events.flatMap((e) => (e.fixed !== undefined ? [e.fixed] : [])));
    out.push({
      id: o.id,
      aliases: o.aliases ?? [],
      packageName,
      summary: o.summary ?? '',
      severity,
      score,
      fixed,
      rangeText: [...ranges.map((r) => osvRangeText(r.events)), ...[...explicit].map((v) => `=${v}`)].join(' || '),
      affects: (v) => explicit.has(v) || ranges.some((r) => osvRangeAffects(r.events, v)),
      url: o.id.startsWith('GHSA-') ? `https://github.com/advisories/${o.id}` : null,
      file,
    });
  }
  return out;
}

function* jsonFiles(dir: string): Generator<string> {
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop() as string;
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const p = join(d, entry.name);
      if (entry.isDirectory()) stack.push(p);
      else if (entry.isFile() && entry.name.endsWith('.json')) yield p;
    }
  }
}

export interface AdvisoryLoad {
  readonly advisories: Advisory[];
  readonly filesRead: number;
  readonly unreadable: string[];
}

/** Reads every advisory under `dir` that concerns one of `wanted` (all npm advisories if not given). */
export function loadAdvisories(dir: string, wanted?: ReadonlySet<string>): AdvisoryLoad {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`--advisories: ${dir} is not a directory`);
  const advisories: Advisory[] = [];
  const unreadable: string[] = [];
  let filesRead = 0;
  for (const file of jsonFiles(dir)) {
    filesRead++;
    const text = readFileSync(file, 'utf8');
    // Cheap pre-filter for a 300k-file checkout: most files are other ecosystems.
    if (!/"npm"|"NPM"|"npm\//.test(text)) continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      unreadable.push(relative(dir, file));
      continue;
    }
    advisories.push(...advisoriesFromJson(json, relative(dir, file), wanted));
  }
  return { advisories, filesRead, unreadable };
}

// ─────────────────────────────── matching ───────────────────────────────

export interface Finding {
  readonly advisory: Advisory;
  /** every id the issue is published under across the sources read */
  readonly ids: readonly string[];
  readonly name: string;
  readonly version: string;
  readonly paths: readonly string[];
}

/** The (package, version) pairs of `tree` that an advisory affects, one finding per issue and version. */
export function matchTree(tree: readonly InstalledPackage[], advisories: readonly Advisory[]): Finding[] {
  const byName = new Map<string, Advisory[]>();
  for (const a of advisories) byName.set(a.packageName, [...(byName.get(a.packageName) ?? []), a]);
  const installed = new Map<string, { name: string; version: string; paths: string[] }>();
  for (const p of tree) {
    const key = `${p.name}@${p.version}`;
    const cur = installed.get(key) ?? { name: p.name, version: p.version, paths: [] };
    cur.paths.push(p.path);
    installed.set(key, cur);
  }
  const findings: Finding[] = [];
  for (const { name, version, paths } of installed.values()) {
    if (!semver.valid(version)) continue;
    const hits = (byName.get(name) ?? []).filter((a) => a.affects(version));
    // Merge the CVE and GHSA records of one issue: same package, overlapping identifiers.
    // ids: upper-cased key → the spelling first seen
    const groups: { ids: Map<string, string>; best: Advisory }[] = [];
    for (const a of hits) {
      const ids = new Map([a.id, ...a.aliases].map((s) => [s.toUpperCase(), s] as const));
      const g = groups.find((x) => [...ids.keys()].some((id) => x.ids.has(id)));
      if (g) {
        for (const [k, v] of ids) if (!g.ids.has(k)) g.ids.set(k, v);
        if (RANK[a.severity] > RANK[g.best.severity]) g.best = a;
      } else groups.push({ ids, best: a });
    }
    for (const g of groups) findings.push({ advisory: g.best, ids: [...g.ids.values()].sort(), name, version, paths });
  }
  return findings.sort(
    (x, y) => RANK[y.advisory.severity] - RANK[x.advisory.severity] || x.name.localeCompare(y.name) || x.advisory.id.localeCompare(y.advisory.id),
  );
}

// ─────────────────────────────── report ───────────────────────────────

export interface Report {
  readonly lockfile: string;
  readonly advisoriesDir: string;
  readonly includeDev: boolean;
  readonly treeSize: number;
  readonly distinctPackages: number;
  readonly advisoryFilesRead: number;
  readonly advisoriesForTree: number;
  readonly unreadable: readonly string[];
  readonly counts: Record<Severity, number>;
  readonly findings: readonly Finding[];
}

/** Whether findings of `sev` are reported at `--min-severity min` (unscored ones only at the default, low). */
export function shown(sev: Severity, min: Severity): boolean {
  return sev === 'unknown' ? min === 'low' : RANK[sev] >= RANK[min];
}

export function formatReport(r: Report, minSeverity: Severity = 'low'): string {
  const lines: string[] = [];
  lines.push(`offline audit of ${r.lockfile} (${r.includeDev ? 'all' : 'production'} dependencies)`);
  lines.push(`tree: ${r.treeSize} installed packages, ${r.distinctPackages} distinct names`);
  lines.push(`advisories: ${r.advisoryFilesRead} files read under ${r.advisoriesDir}, ${r.advisoriesForTree} concern packages of the tree`);
  if (r.unreadable.length > 0) lines.push(`unreadable advisory files (skipped): ${r.unreadable.join(', ')}`);
  lines.push(`matches: ${SEVERITIES.map((s) => `${r.counts[s]} ${s}`).join(', ')}`);
  for (const sev of SEVERITIES) {
    if (!shown(sev, minSeverity)) continue;
    const fs = r.findings.filter((f) => f.advisory.severity === sev);
    if (fs.length === 0) continue;
    lines.push('', `── ${sev.toUpperCase()} (${fs.length}) ──`);
    for (const f of fs) {
      const a = f.advisory;
      lines.push(`${f.name}@${f.version}  ${f.ids.join(' / ')}${a.score !== null ? `  CVSS ${a.score.toFixed(1)}` : ''}`);
      lines.push(`  ${a.summary}`);
      lines.push(`  affected: ${a.rangeText || '(unspecified)'}  fixed in: ${a.fixed.length > 0 ? a.fixed.join(', ') : 'no fix listed'}`);
      lines.push(`  installed at: ${f.paths.join(', ')}`);
      if (a.url) lines.push(`  ${a.url}`);
    }
  }
  if (r.findings.length === 0) lines.push('', 'no advisory in the data read affects an installed version');
  return lines.join('\n');
}

export function audit(opts: { lockfile: string; advisories: string; includeDev: boolean }): Report {
  const lockText = (() => {
    try {
      return readFileSync(opts.lockfile, 'utf8');
    } catch (err) {
      throw new Error(`--lock: cannot read ${opts.lockfile} (${err instanceof Error ? err.message : String(err)})`);
    }
  })();
  const tree = readLockfile(lockText, opts.lockfile).filter((p) => opts.includeDev || !p.dev);
  const names = new Set(tree.map((p) => p.name));
  const load = loadAdvisories(opts.advisories, names);
  const findings = matchTree(tree, load.advisories);
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.advisory.severity === s).length])) as Record<Severity, number>;
  return {
    lockfile: opts.lockfile,
    advisoriesDir: opts.advisories,
    includeDev: opts.includeDev,
    treeSize: tree.length,
    distinctPackages: names.size,
    advisoryFilesRead: load.filesRead,
    advisoriesForTree: load.advisories.length,
    unreadable: load.unreadable,
    counts,
    findings,
  };
}

// ─────────────────────────────── flags and main ───────────────────────────────

const FlagsSchema = z.object({
  advisories: z.string({ error: '--advisories <dir> is required' }).min(1, '--advisories <dir> is required'),
  lock: z.string().min(1).default('package-lock.json'),
  includeDev: z.boolean().default(false),
  minSeverity: z.enum(['low', 'moderate', 'high', 'critical'], { error: '--min-severity must be low, moderate, high or critical' }).default('low'),
  json: z.boolean().default(false),
});
export type Flags = z.output<typeof FlagsSchema>;

export function readFlags(argv: readonly string[]): Flags {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        advisories: { type: 'string' },
        lock: { type: 'string' },
        'include-dev': { type: 'boolean' },
        'min-severity': { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new Error(`audit-offline: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = FlagsSchema.safeParse({
    advisories: values.advisories,
    lock: values.lock,
    includeDev: values['include-dev'],
    minSeverity: values['min-severity'],
    json: values.json,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`audit-offline: invalid ${issue?.path.join('.') || 'flag'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export function main(argv: readonly string[]): number {
  let flags: Flags;
  let report: Report;
  try {
    flags = readFlags(argv);
    report = audit({ lockfile: resolve(flags.lock), advisories: resolve(flags.advisories), includeDev: flags.includeDev });
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  if (flags.json) {
    const findings = report.findings
      .filter((f) => shown(f.advisory.severity, flags.minSeverity))
      .map((f) => ({
        name: f.name,
        version: f.version,
        ids: f.ids,
        severity: f.advisory.severity,
        score: f.advisory.score,
        summary: f.advisory.summary,
        affected: f.advisory.rangeText,
        fixed: f.advisory.fixed,
        paths: f.paths,
        url: f.advisory.url,
        source: f.advisory.file,
      }));
    process.stdout.write(`${JSON.stringify({ ...report, findings }, null, 2)}\n`);
  } else {
    process.stdout.write(`${formatReport(report, flags.minSeverity)}\n`);
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
