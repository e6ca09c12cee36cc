import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { audit, cvss3BaseScore, formatReport, main, readFlags, readLockfile, severityOfScore } from './audit-offline.ts';

let dir: string;
let lockfile: string;
let advisories: string;

function put(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'audit-offline-'));
  lockfile = join(dir, 'package-lock.json');
  advisories = join(dir, 'advisories');
  put(lockfile, {
    name: 'app',
    lockfileVersion: 3,
    packages: {
      '': { name: 'app', version: '1.0.0' },
      'node_modules/foo': { version: '1.2.0' },
      'node_modules/a': { version: '1.0.0' },
      'node_modules/a/node_modules/foo': { version: '1.5.0' },
      'node_modules/bar': { version: '2.0.0', dev: true },
      'node_modules/@scope/baz': { version: '0.9.1', optional: true },
      'node_modules/linked': { resolved: '../linked', link: true },
    },
  });
  // OSV (github/advisory-database layout): foo < 1.3.0, HIGH, alias CVE-2099-0001
  put(join(advisories, 'advisories/github-reviewed/2099/01/GHSA-aaaa-bbbb-cccc/GHSA-aaaa-bbbb-cccc.json'), {
    id: 'GHSA-aaaa-bbbb-cccc',
    aliases: ['CVE-2099-0001'],
    summary: 'foo does a bad thing',
    affected: [{ package: { ecosystem: 'npm', name: 'foo' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.3.0' }] }] }],
    database_specific: { severity: 'HIGH' },
  });
  // GLAD record of the same issue (CVE id, GHSA in its URLs), scored critical: merged with the OSV one
  put(join(advisories, 'glad/npm/foo/CVE-2099-0001.json'), {
    Identifier: 'CVE-2099-0001',
    PackageSlug: 'npm/foo',
    Title: 'foo does a bad thing',
    AffectedRange: '<1.3.0',
    FixedVersions: ['1.3.0'],
    CvssV3: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
    Urls: ['https://github.com/advisories/GHSA-aaaa-bbbb-cccc'],
  });
  // OSV with last_affected: foo 1.4.0 … 1.5.0 inclusive, MODERATE
  put(join(advisories, 'advisories/github-reviewed/2099/02/GHSA-dddd-eeee-ffff/GHSA-dddd-eeee-ffff.json'), {
    id: 'GHSA-dddd-eeee-ffff',
    summary: 'foo 1.4–1.5 leaks',
    affected: [{ package: { ecosystem: 'npm', name: 'foo' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '1.4.0' }, { last_affected: '1.5.0' }] }] }],
    database_specific: { severity: 'MODERATE' },
  });
  // withdrawn, another ecosystem, a dev package, a scoped one with no score, one not affecting
  put(join(advisories, 'advisories/github-reviewed/2099/03/GHSA-gggg-hhhh-iiii/GHSA-gggg-hhhh-iiii.json'), {
    id: 'GHSA-gggg-hhhh-iiii',
    withdrawn: '2099-03-02T00:00:00Z',
    affected: [{ package: { ecosystem: 'npm', name: 'foo' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }],
    database_specific: { severity: 'CRITICAL' },
  });
  put(join(advisories, 'advisories/github-reviewed/2099/04/GHSA-jjjj-kkkk-llll/GHSA-jjjj-kkkk-llll.json'), {
    id: 'GHSA-jjjj-kkkk-llll',
    affected: [{ package: { ecosystem: 'PyPI', name: 'foo' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }],
    database_specific: { severity: 'CRITICAL' },
  });
  put(join(advisories, 'glad/npm/bar/CVE-2099-0002.json'), {
    Identifier: 'CVE-2099-0002',
    PackageSlug: 'npm/bar',
    Title: 'bar DoS',
    AffectedRange: '>=2.0.0 <2.0.5',
    FixedVersions: ['2.0.5'],
    CvssV3: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H',
  });
  put(join(advisories, 'glad/npm/@scope/baz/GHSA-mmmm-nnnn-oooo.json'), {
    Identifier: 'GHSA-mmmm-nnnn-oooo',
    PackageSlug: 'npm/@scope/baz',
    Title: 'Embedded malicious code',
    AffectedRange: '=0.9.1',
    FixedVersions: [],
    CvssV3: '',
  });
  put(join(advisories, 'glad/npm/foo/CVE-2099-0003.json'), {
    Identifier: 'CVE-2099-0003',
    PackageSlug: 'npm/foo',
    Title: 'old foo bug',
    AffectedRange: '<1.0.0',
    CvssV3: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  });
  put(join(advisories, 'broken.json'), '{ "id": "npm", ');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cvss3BaseScore', () => {
  it('computes the CVSS 3.1 base score and its severity band', () => {
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H')).toBe(7.5);
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H')).toBe(10);
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N')).toBe(6.1);
    expect(cvss3BaseScore('CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H')).toBe(7.8);
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:L')).toBe(3.7);
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N')).toBe(0);
    expect(cvss3BaseScore('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')).toBeNull();
    expect(cvss3BaseScore('CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H')).toBeNull();
    expect([9, 7, 4, 0.1, 0].map(severityOfScore)).toEqual(['critical', 'high', 'moderate', 'low', 'unknown']);
  });
});

describe('readLockfile', () => {
  it('lists installed packages with nested and scoped names, without the root and links', () => {
    const names = readLockfile(JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/a/node_modules/@s/b': { version: '1.0.0', dev: true }, 'node_modules/l': { link: true } } }));
    expect(names).toEqual([{ name: '@s/b', version: '1.0.0', path: 'node_modules/a/node_modules/@s/b', dev: true, optional: false }]);
  });

  it('rejects a v1 lockfile and non-JSON with a clear message', () => {
    expect(() => readLockfile(JSON.stringify({ lockfileVersion: 1, dependencies: {} }), 'x.json')).toThrow(/x\.json: .*lockfileVersion 1/);
    expect(() => readLockfile('{', 'x.json')).toThrow(/x\.json: not JSON/);
  });
});

describe('audit', () => {
  it('reports, by severity, the production packages an advisory affects, one finding per issue', () => {
    const r = audit({ lockfile, advisories, includeDev: false });
    expect(r.treeSize).toBe(4);
    expect(r.unreadable).toEqual(['broken.json']);
    expect(r.findings.map((f) => [f.advisory.severity, `${f.name}@${f.version}`, f.ids.join(' ')])).toEqual([
      ['critical', '@scope/baz@0.9.1', 'GHSA-mmmm-nnnn-oooo'],
      ['critical', 'foo@1.2.0', 'CVE-2099-0001 GHSA-aaaa-bbbb-cccc'],
      ['moderate', 'foo@1.5.0', 'GHSA-dddd-eeee-ffff'],
    ]);
    expect(r.counts).toEqual({ critical: 2, high: 0, moderate: 1, low: 0, unknown: 0 });
    expect(r.findings[1]?.paths).toEqual(['node_modules/foo']);
    expect(r.findings[1]?.advisory.fixed).toEqual(['1.3.0']);
  });

  it('includes dev packages only when asked', () => {
    const r = audit({ lockfile, advisories, includeDev: true });
    expect(r.findings.map((f) => `${f.name}@${f.version}`)).toContain('bar@2.0.0');
    expect(r.counts.high).toBe(1);
  });

  it('filters the text report by minimum severity', () => {
    const r = audit({ lockfile, advisories, includeDev: false });
    const text = formatReport(r, 'high');
    expect(text).toContain('── CRITICAL (2) ──');
    expect(text).not.toContain('MODERATE (1)');
    expect(formatReport(r)).toContain('foo@1.5.0  GHSA-dddd-eeee-ffff');
  });
});

describe('flags and exit codes', () => {
  it('requires --advisories and validates --min-severity', () => {
    expect(() => readFlags([])).toThrow(/--advisories <dir> is required/);
    expect(() => readFlags(['--advisories', 'x', '--min-severity', 'severe'])).toThrow(/--min-severity must be/);
    expect(() => readFlags(['--advisories', 'x', '--nope'])).toThrow(/audit-offline: .*nope/);
    expect(readFlags(['--advisories', 'x'])).toEqual({ advisories: 'x', lock: 'package-lock.json', includeDev: false, minSeverity: 'low', json: false });
  });

  it('exits 0 with findings (a report, not a gate) and 2 on a missing advisories directory', () => {
    const out: string[] = [];
    const err: string[] = [];
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    try {
      expect(main(['--advisories', advisories, '--lock', lockfile, '--json', '--min-severity', 'critical'])).toBe(0);
      const json = JSON.parse(out.join('')) as { findings: { name: string; severity: string }[] };
      expect(json.findings.map((f) => f.name)).toEqual(['@scope/baz', 'foo']);
      expect(main(['--advisories', join(dir, 'nowhere'), '--lock', lockfile])).toBe(2);
      expect(err.join('')).toMatch(/--advisories: .*nowhere is not a directory/);
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  });
});
