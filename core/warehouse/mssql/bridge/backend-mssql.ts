/**
 * The bridge's SQL Server backend: `mssql` (tedious) with ONE connection (pool of size 1), so a transaction
 * and every statement inside it run on the same session. Values come back as the SQLite side gives them:
 * BIT → 0/1, DATE → 'YYYY-MM-DD', DATETIMEOFFSET → ISO 8601 text, BIGINT → number.
 */
import sql from 'mssql';
import type { Backend, BoundParam, QueryResult, Row } from './protocol.ts';

/** The T-SQL type a JavaScript value is sent as. */
function typeOf(v: unknown): sql.ISqlType | (() => sql.ISqlType) {
  if (v === null || v === undefined) return sql.NVarChar(4000);
  if (typeof v === 'number') return (Number.isInteger(v) ? (Math.abs(v) <= 2_147_483_647 ? sql.Int : sql.BigInt) : sql.Float) as () => sql.ISqlType;
  if (typeof v === 'bigint') return sql.BigInt as () => sql.ISqlType;
  if (typeof v === 'boolean') return sql.Bit as () => sql.ISqlType;
  if (Buffer.isBuffer(v)) return sql.VarBinary(sql.MAX);
  if (v instanceof Date) return sql.DateTimeOffset(3);
  if (typeof v === 'string') return v.length <= 4000 ? sql.NVarChar(4000) : sql.NVarChar(sql.MAX);
  throw new TypeError(`mssql: cannot bind a value of type ${typeof v}`);
}

function toSqliteValue(v: unknown, type: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return type === sql.Date ? v.toISOString().slice(0, 10) : v.toISOString();
  if (typeof v === 'string' && (type === sql.BigInt || type === sql.Decimal || type === sql.Numeric)) return Number(v);
  return v;
}

export async function openMssqlBackend(config: Record<string, unknown>): Promise<Backend> {
  const options = (config.options ?? {}) as Record<string, unknown>;
  const pool = new sql.ConnectionPool({
    ...(config as unknown as sql.config),
    pool: { min: 1, max: 1 },
    options: { ...options, useUTC: true, enableArithAbort: true },
  } as sql.config);
  await pool.connect();
  let tx: sql.Transaction | null = null;
  const request = (): sql.Request => (tx ? new sql.Request(tx) : new sql.Request(pool));

  return {
    async query(text, params: readonly BoundParam[], mode, identity): Promise<QueryResult> {
      const r = request();
      for (const p of params) r.input(p.name, typeOf(p.value), p.value === undefined ? null : p.value);
      const batch = mode === 'run' && identity ? `${text}\nSELECT CAST(SCOPE_IDENTITY() AS BIGINT) AS [__rowid];` : text;
      const res = await r.query(batch);
      const sets = (res.recordsets as unknown as sql.IRecordSet<Row>[]) ?? [];
      let lastInsertRowid: number | null = null;
      let counted = res.rowsAffected ?? [];
      let rowsSets = sets;
      if (mode === 'run' && identity) {
        const idSet = sets[sets.length - 1];
        const id = idSet?.[0]?.__rowid;
        lastInsertRowid = id === null || id === undefined ? null : Number(id);
        rowsSets = sets.slice(0, -1);
        counted = counted.slice(0, -1);
      }
      const set = rowsSets[rowsSets.length - 1];
      const meta = (set?.columns ?? {}) as Record<string, { type?: unknown; index: number }>;
      const columns = Object.entries(meta)
        .sort((a, b) => a[1].index - b[1].index)
        .map(([name]) => name);
      const rows = (set ?? []).map((row) => {
        const out: Row = {};
        for (const [k, v] of Object.entries(row)) out[k] = toSqliteValue(v, meta[k]?.type);
        return out;
      });
      const changes = mode === 'run' ? counted.reduce((a, b) => a + b, 0) : 0;
      return { rows, columns, changes, lastInsertRowid };
    },
    async exec(text) {
      await request().batch(text);
    },
    async begin() {
      tx = new sql.Transaction(pool);
      await tx.begin(sql.ISOLATION_LEVEL.READ_COMMITTED);
    },
    async commit() {
      const t = tx;
      tx = null;
      await t?.commit();
    },
    async rollback() {
      const t = tx;
      tx = null;
      if (t) await t.rollback().catch(() => undefined); // already rolled back by the server (XACT_ABORT, deadlock victim)
    },
    async savepoint(name) {
      await request().batch(`SAVE TRANSACTION [${name}]`);
    },
    async release() {
      // T-SQL has no RELEASE SAVEPOINT: the savepoint simply stays until the outer commit
    },
    async rollbackTo(name) {
      await request().batch(`ROLLBACK TRANSACTION [${name}]`);
    },
    async close() {
      await pool.close();
    },
  };
}
