import type { Column, Index, Table } from './schema.ts';

export type Dialect = 'sqlite' | 'mssql';

const q = (dialect: Dialect, ident: string): string => (dialect === 'mssql' ? `[${ident}]` : `"${ident}"`);

/** The column's type in a dialect (also the ETL's staging tables, core/warehouse/mssql/merge.ts). */
export function sqlType(dialect: Dialect, c: Pick<Column, 'type' | 'maxLength'>): string {
  if (dialect === 'sqlite') {
    switch (c.type) {
      case 'int':
      case 'bool':
        return 'INTEGER';
      case 'real':
      case 'money':
        return 'REAL';
      default:
        return 'TEXT';
    }
  }
  switch (c.type) {
    case 'int':
      return 'INT';
    case 'bool':
      return 'BIT';
    case 'real':
      return 'FLOAT';
    case 'money':
      return 'DECIMAL(12,2)';
    case 'date':
      return 'DATE';
    case 'datetime':
      return 'DATETIMEOFFSET(3)';
    case 'json':
      return 'NVARCHAR(MAX)';
    case 'text':
      // an indexed/unique NVARCHAR must stay under SQL Server's 1700-byte index key limit
      return c.maxLength ? `NVARCHAR(${c.maxLength})` : 'NVARCHAR(MAX)';
  }
}

const literal = (v: string): string => `'${v.replace(/'/g, "''")}'`;

function checks(dialect: Dialect, c: Column): string[] {
  const col = q(dialect, c.name);
  const out: string[] = [];
  if (c.values) out.push(`${col} IN (${c.values.map((v) => (dialect === 'mssql' ? 'N' : '') + literal(v)).join(', ')})`);
  if (c.range) out.push(`${col} BETWEEN ${c.range[0]} AND ${c.range[1]}`);
  if (c.type === 'bool' && dialect === 'sqlite') out.push(`${col} IN (0, 1)`);
  if (c.type === 'json') out.push(dialect === 'sqlite' ? `json_valid(${col})` : `ISJSON(${col}) = 1`);
  if (c.type === 'text' && c.maxLength && dialect === 'sqlite') out.push(`length(${col}) <= ${c.maxLength}`);
  if (c.type === 'date' && dialect === 'sqlite') out.push(`${col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`);
  return out;
}

export function columnDefinition(dialect: Dialect, t: Table, c: Column): string {
  const parts = [q(dialect, c.name), sqlType(dialect, c)];
  if (c.pk === 'auto') parts.push(dialect === 'sqlite' ? 'PRIMARY KEY' : 'IDENTITY(1,1) PRIMARY KEY');
  else if (c.pk) parts.push('PRIMARY KEY');
  if (!c.pk) parts.push(c.nullable ? 'NULL' : 'NOT NULL');
  if (c.default !== undefined) {
    const d = typeof c.default === 'string' && dialect === 'mssql' && c.default.startsWith("'") ? `N${c.default}` : String(c.default);
    parts.push(dialect === 'mssql' ? `CONSTRAINT ${q(dialect, `DF_${t.name}_${c.name}`)} DEFAULT ${d}` : `DEFAULT ${d}`);
  }
  const ck = checks(dialect, c);
  if (ck.length) {
    const expr = ck.join(' AND ');
    const guarded = c.nullable ? `${q(dialect, c.name)} IS NULL OR (${expr})` : expr;
    parts.push(dialect === 'mssql' ? `CONSTRAINT ${q(dialect, `CK_${t.name}_${c.name}`)} CHECK (${guarded})` : `CHECK (${guarded})`);
  }
  if (c.references) {
    const [rt, rc] = c.references.split('.') as [string, string];
    parts.push(`REFERENCES ${q(dialect, rt)} (${q(dialect, rc)})`);
  }
  return parts.join(' ');
}

/** Unique constraints on nullable columns: SQL Server treats NULLs as equal, so use a filtered index there. */
function uniqueIndexes(t: Table): Index[] {
  return t.columns.filter((c) => c.unique).map((c) => ({ columns: [c.name], unique: true }));
}

/**
 * An index with an explicit name and non-key (covering) columns: `INCLUDE (…)` in SQL Server; SQLite has no
 * INCLUDE, so there they are trailing key columns (the index covers the same queries).
 */
export interface NamedIndex extends Index {
  readonly name: string;
  readonly include?: readonly string[];
}

function indexName(t: Table, ix: Index | NamedIndex): string {
  return 'name' in ix ? ix.name : `${ix.unique ? 'UX' : 'IX'}_${t.name}_${ix.columns.join('_')}`;
}

export function createIndex(dialect: Dialect, t: Table, ix: Index | NamedIndex): string {
  for (const c of [...ix.columns, ...('include' in ix ? (ix.include ?? []) : [])]) {
    if (!t.columns.some((x) => x.name === c)) throw new Error(`index ${indexName(t, ix)}: ${t.name} has no column ${c}`);
  }
  const include = 'include' in ix ? (ix.include ?? []) : [];
  const name = q(dialect, indexName(t, ix));
  if (dialect === 'sqlite') {
    const cols = [...ix.columns, ...include].map((c) => q(dialect, c)).join(', ');
    return `CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${name} ON ${q(dialect, t.name)} (${cols});`;
  }
  const cols = ix.columns.map((c) => q(dialect, c)).join(', ');
  const inc = include.length ? ` INCLUDE (${include.map((c) => q(dialect, c)).join(', ')})` : '';
  const nullable = ix.columns.some((c) => t.columns.find((x) => x.name === c)?.nullable);
  const filter = ix.unique && nullable ? ` WHERE ${ix.columns.map((c) => `${q(dialect, c)} IS NOT NULL`).join(' AND ')}` : '';
  return (
    `IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'${indexName(t, ix)}' AND object_id = OBJECT_ID(N'dbo.${t.name}'))\n` +
    `  CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${name} ON ${q(dialect, 'dbo')}.${q(dialect, t.name)} (${cols})${inc}${filter};`
  );
}

export function createTable(dialect: Dialect, t: Table): string[] {
  const cols = t.columns.map((c) => '  ' + columnDefinition(dialect, t, c)).join(',\n');
  const head =
    dialect === 'sqlite'
      ? `CREATE TABLE IF NOT EXISTS ${q(dialect, t.name)} (\n${cols}\n);`
      : `IF OBJECT_ID(N'dbo.${t.name}', N'U') IS NULL\nCREATE TABLE ${q(dialect, 'dbo')}.${q(dialect, t.name)} (\n${cols}\n);`;
  const ixs = [...uniqueIndexes(t), ...(t.indexes ?? [])].map((ix) => createIndex(dialect, t, ix));
  return [head, ...ixs];
}

export function addColumn(dialect: Dialect, t: Table, c: Column): string {
  if (dialect === 'sqlite') return `ALTER TABLE ${q(dialect, t.name)} ADD COLUMN ${columnDefinition(dialect, t, c)};`;
  return (
    `IF COL_LENGTH(N'dbo.${t.name}', N'${c.name}') IS NULL\n` +
    `  ALTER TABLE ${q(dialect, 'dbo')}.${q(dialect, t.name)} ADD ${columnDefinition(dialect, t, c)};`
  );
}

/** The migration bookkeeping table, the same idea in both dialects. */
export function migrationsTable(dialect: Dialect): string {
  return dialect === 'sqlite'
    ? `CREATE TABLE IF NOT EXISTS "schema_migrations" ("version" INTEGER PRIMARY KEY, "name" TEXT NOT NULL, "applied_at" TEXT NOT NULL);`
    : `IF OBJECT_ID(N'dbo.schema_migrations', N'U') IS NULL\nCREATE TABLE [dbo].[schema_migrations] ([version] INT PRIMARY KEY, [name] NVARCHAR(200) NOT NULL, [applied_at] DATETIMEOFFSET(3) NOT NULL);`;
}

/** A read-only view for BI tools: its SELECT in each dialect (dates and date differences are written differently). */
export interface View {
  readonly name: string;
  readonly doc: string;
  readonly select: Readonly<Record<Dialect, string>>;
}

/** CREATE VIEW, idempotent in both dialects (T-SQL: CREATE OR ALTER, alone in its batch). */
export function createView(dialect: Dialect, v: View): string {
  return dialect === 'sqlite' ? `CREATE VIEW IF NOT EXISTS "${v.name}" AS\n${v.select.sqlite};` : `CREATE OR ALTER VIEW [dbo].[${v.name}] AS\n${v.select.mssql};`;
}
