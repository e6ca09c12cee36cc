/**
 * SQLite → T-SQL (Azure SQL / SQL Server 2022) for the SQL this app issues. Not a general translator: it
 * tokenises the statement, nests parentheses, and rewrites the constructs the code base uses; anything it
 * cannot translate faithfully throws `UnsupportedSqlError` naming the statement (at prepare time).
 *
 * Parameters stay parameters: `?` → @p1, @p2… (in order), `@name` / `:name` / `$name` → @name. No value is
 * ever written into the SQL text.
 */
import { TABLES, type Table } from '../schema.ts';

export class UnsupportedSqlError extends Error {
  constructor(
    readonly construct: string,
    readonly sql: string,
  ) {
    super(`mssql: cannot translate ${construct} in statement: ${sql.replace(/\s+/g, ' ').trim().slice(0, 300)}`);
    this.name = 'UnsupportedSqlError';
  }
}

/** How a T-SQL parameter gets its value from better-sqlite3-style arguments. */
export type ParamSource = { readonly name: string; readonly index: number } | { readonly name: string; readonly key: string };

export interface Translated {
  /** the T-SQL batch ('' for a PRAGMA: nothing to run) */
  readonly sql: string;
  readonly params: readonly ParamSource[];
  /** 'pragma' → the adapter answers it itself */
  readonly kind: 'query' | 'pragma';
  /** an INSERT into a table with an IDENTITY key: `run()` reads SCOPE_IDENTITY() for lastInsertRowid */
  readonly identity: boolean;
}

// ───────────────────────────── tokens ─────────────────────────────

type TokKind = 'ws' | 'str' | 'qid' | 'word' | 'num' | 'param' | 'op' | 'punct';
interface Tok {
  readonly k: TokKind;
  v: string;
}
interface Grp {
  readonly g: Node[];
}
type Node = Tok | Grp;

const isGrp = (n: Node | undefined): n is Grp => n !== undefined && 'g' in n;
const isTok = (n: Node | undefined): n is Tok => n !== undefined && 'k' in n;
const isWord = (n: Node | undefined, ...w: string[]): boolean => isTok(n) && n.k === 'word' && (w.length === 0 || w.includes(n.v.toUpperCase()));
const tok = (k: TokKind, v: string): Tok => ({ k, v });
const raw = (v: string): Tok => tok('word', v);
const SP = (): Tok => tok('ws', ' ');

function tokenize(sql: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    const rest = sql.slice(i);
    let m: RegExpMatchArray | null;
    if ((m = rest.match(/^(\s+|--[^\n]*|\/\*[\s\S]*?\*\/)/))) {
      out.push(tok('ws', /^\s+$/.test(m[0]) ? m[0] : ' '));
    } else if (c === "'") {
      m = rest.match(/^'(?:[^']|'')*'/);
      if (!m) throw new UnsupportedSqlError('an unterminated string', sql);
      out.push(tok('str', m[0]));
    } else if (c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      const end = sql.indexOf(close, i + 1);
      if (end < 0) throw new UnsupportedSqlError('an unterminated identifier', sql);
      out.push(tok('qid', sql.slice(i, end + 1)));
      m = [sql.slice(i, end + 1)] as unknown as RegExpMatchArray;
    } else if ((m = rest.match(/^(\?\d*|[@:$][A-Za-z_][A-Za-z0-9_]*)/))) {
      out.push(tok('param', m[0]));
    } else if ((m = rest.match(/^(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+)/))) {
      out.push(tok('num', m[0]));
    } else if ((m = rest.match(/^[A-Za-z_][A-Za-z0-9_$]*/))) {
      out.push(tok('word', m[0]));
    } else if ((m = rest.match(/^(\|\||<=|>=|<>|!=|==|<<|>>|[-+*/%<>=~&|])/))) {
      out.push(tok('op', m[0]));
    } else if ('(),;.'.includes(c)) {
      out.push(tok('punct', c));
      m = [c] as unknown as RegExpMatchArray;
    } else {
      throw new UnsupportedSqlError(`the character ${JSON.stringify(c)}`, sql);
    }
    i += m![0].length;
  }
  return out;
}

function nest(toks: readonly Tok[], sql: string): Node[] {
  const stack: Node[][] = [[]];
  for (const t of toks) {
    if (t.k === 'punct' && t.v === '(') stack.push([]);
    else if (t.k === 'punct' && t.v === ')') {
      const inner = stack.pop();
      if (!inner || stack.length === 0) throw new UnsupportedSqlError('unbalanced parentheses', sql);
      stack[stack.length - 1]!.push({ g: inner });
    } else stack[stack.length - 1]!.push(t);
  }
  if (stack.length !== 1) throw new UnsupportedSqlError('unbalanced parentheses', sql);
  return stack[0]!;
}

const render = (nodes: readonly Node[]): string => nodes.map((n) => (isGrp(n) ? `(${render(n.g)})` : n.v)).join('');
const trimNodes = (nodes: Node[]): Node[] => {
  let a = 0;
  let b = nodes.length;
  while (a < b && isTok(nodes[a]) && (nodes[a] as Tok).k === 'ws') a++;
  while (b > a && isTok(nodes[b - 1]) && (nodes[b - 1] as Tok).k === 'ws') b--;
  return nodes.slice(a, b);
};
/** Splits a list at top-level commas. */
function splitCommas(nodes: readonly Node[]): Node[][] {
  const parts: Node[][] = [[]];
  for (const n of nodes) {
    if (isTok(n) && n.k === 'punct' && n.v === ',') parts.push([]);
    else parts[parts.length - 1]!.push(n);
  }
  return parts.map(trimNodes);
}
const joinCommas = (parts: readonly Node[][]): Node[] => parts.flatMap((p, i) => (i === 0 ? p : [tok('punct', ','), SP(), ...p]));
/** index of the next non-whitespace node at or after i */
function next(nodes: readonly Node[], i: number): number {
  while (i < nodes.length && isTok(nodes[i]) && (nodes[i] as Tok).k === 'ws') i++;
  return i;
}
function prev(nodes: readonly Node[], i: number): number {
  while (i >= 0 && isTok(nodes[i]) && (nodes[i] as Tok).k === 'ws') i--;
  return i;
}
const findWord = (nodes: readonly Node[], word: string, from = 0): number => {
  for (let i = from; i < nodes.length; i++) if (isWord(nodes[i], word)) return i;
  return -1;
};
/** `ORDER BY` / `GROUP BY` at this level */
function findPair(nodes: readonly Node[], a: string, b: string, from = 0): number {
  for (let i = findWord(nodes, a, from); i >= 0; i = findWord(nodes, a, i + 1)) if (isWord(nodes[next(nodes, i + 1)], b)) return i;
  return -1;
}

// ───────────────────────────── expressions ─────────────────────────────

const CAST_TYPES: Record<string, string> = { REAL: 'FLOAT', DOUBLE: 'FLOAT', FLOAT: 'FLOAT', INTEGER: 'BIGINT', INT: 'BIGINT', TEXT: 'NVARCHAR(MAX)', NUMERIC: 'DECIMAL(18,6)' };

/** True when an aggregate's argument is a predicate (SQLite: 0/1; T-SQL: not a value). */
function isPredicate(nodes: readonly Node[]): boolean {
  let inCase = 0;
  for (const n of nodes) {
    if (isWord(n, 'CASE')) inCase++;
    else if (isWord(n, 'END')) inCase--;
    else if (inCase === 0) {
      if (isTok(n) && n.k === 'op' && ['=', '==', '<>', '!=', '<', '>', '<=', '>='].includes(n.v)) return true;
      if (isWord(n, 'IS', 'IN', 'LIKE', 'BETWEEN', 'EXISTS', 'GLOB')) return true;
    }
  }
  return false;
}

const BOOL_COLUMNS = new Set(TABLES.flatMap((t) => t.columns.filter((c) => c.type === 'bool').map((c) => c.name)));
/** `x` or `a.x` naming a boolean (BIT) column: SUM/MIN/MAX refuse BIT in T-SQL. */
function isBoolColumn(nodes: readonly Node[]): boolean {
  const t = nodes.filter((n) => !(isTok(n) && n.k === 'ws'));
  const last = t[t.length - 1];
  const name = isTok(last) && (last.k === 'word' || last.k === 'qid') ? last.v.replace(/^\[|\]$/g, '') : null;
  return name !== null && BOOL_COLUMNS.has(name) && (t.length === 1 || (t.length === 3 && isTok(t[1]) && t[1].v === '.'));
}

const JULIAN = (x: Node[]): Node[] => [
  raw(`(CAST(DATEDIFF_BIG(SECOND, CAST('1970-01-01T00:00:00+00:00' AS DATETIMEOFFSET), CAST(`),
  ...x,
  raw(' AS DATETIMEOFFSET)) AS FLOAT) / 86400.0 + 2440587.5)'),
];

/** printf('%04d-%02d', a, b) for the integer / string conversions the app uses. */
function printf(args: Node[][], sql: string): Node[] {
  const f = args[0];
  if (!f || f.length !== 1 || !isTok(f[0]) || f[0].k !== 'str') throw new UnsupportedSqlError('printf with a non-literal format', sql);
  const fmt = f[0].v.replace(/^N/, '').slice(1, -1).replace(/''/g, "'");
  const pieces: Node[][] = [];
  let arg = 1;
  const re = /%(0?)(\d*)([ds%])/g;
  let last = 0;
  for (let m = re.exec(fmt); m; m = re.exec(fmt)) {
    if (m.index > last) pieces.push([tok('str', `N'${fmt.slice(last, m.index).replace(/'/g, "''")}'`)]);
    last = m.index + m[0].length;
    if (m[3] === '%') {
      pieces.push([tok('str', "N'%'")]);
      continue;
    }
    const a = args[arg++];
    if (!a) throw new UnsupportedSqlError('printf with too few arguments', sql);
    const width = m[2] ? Number(m[2]) : 0;
    const asText: Node[] = m[3] === 'd' ? [raw('CAST(CAST('), ...a, raw(' AS BIGINT) AS NVARCHAR(40))')] : [raw('CAST('), ...a, raw(' AS NVARCHAR(MAX))')];
    pieces.push(m[1] === '0' && width > 0 ? [raw(`RIGHT(REPLICATE(N'0', ${width}) + `), ...asText, raw(`, ${width})`)] : asText);
  }
  if (last < fmt.length) pieces.push([tok('str', `N'${fmt.slice(last).replace(/'/g, "''")}'`)]);
  if (/%[^ds%0-9]/.test(fmt)) throw new UnsupportedSqlError(`printf format ${fmt}`, sql);
  return [raw('('), ...pieces.flatMap((p, i) => (i === 0 ? p : [raw(' + '), ...p])), raw(')')];
}

/** Function calls and operators, bottom-up. */
function expressions(nodes: Node[], sql: string): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (isGrp(n)) {
      out.push({ g: expressions(n.g, sql) });
      continue;
    }
    if (n.k === 'op' && n.v === '||') {
      out.push(tok('op', '+')); // NULL-propagating like SQLite's || (CONCAT would turn NULL into '')
      continue;
    }
    if (n.k === 'op' && n.v === '==') {
      out.push(tok('op', '='));
      continue;
    }
    if (n.k === 'str') {
      out.push(tok('str', `N${n.v}`));
      continue;
    }
    if (n.k === 'qid') {
      out.push(tok('qid', `[${n.v.slice(1, -1).replace(/]/g, ']]')}]`));
      continue;
    }
    if (n.k === 'word') {
      const up = n.v.toUpperCase();
      const j = next(nodes, i + 1);
      const call = nodes[j];
      const prevTok = nodes[prev(nodes, i - 1)];
      const qualified = isTok(prevTok) && prevTok.v === '.';
      if (isGrp(call) && !qualified) {
        const inner = expressions(call.g, sql);
        const args = splitCommas(inner);
        const done = (replacement: Node[]): void => {
          out.push(...replacement);
          i = j;
        };
        switch (up) {
          case 'SUBSTR':
          case 'SUBSTRING':
            if (args.length < 2 || args.length > 3) throw new UnsupportedSqlError('substr with this arity', sql);
            // dates and datetimeoffsets are text in SQLite: CONVERT(…, 126) gives the same ISO text
            done([raw('SUBSTRING(CONVERT(NVARCHAR(4000), '), ...args[0]!, raw(', 126), '), ...args[1]!, raw(', '), ...(args[2] ?? [raw('4000')]), raw(')')]);
            continue;
          case 'JULIANDAY':
            if (args.length !== 1) throw new UnsupportedSqlError('julianday with modifiers', sql);
            done(JULIAN(args[0]!));
            continue;
          case 'IFNULL':
            done([raw('ISNULL'), { g: inner }]);
            continue;
          case 'LENGTH':
            done([raw('LEN'), { g: inner }]);
            continue;
          case 'TOTAL_CHANGES':
          case 'CHANGES':
            // no per-connection change counter on SQL Server: the KPI memo also keys on PRAGMA data_version,
            // which the mssql adapter answers with a fresh number on every call (memo off, results correct)
            done([raw('CAST(0 AS BIGINT)')]);
            continue;
          case 'JSON_EACH':
            done([raw('OPENJSON'), { g: inner }]);
            continue;
          case 'JSON_EXTRACT':
            done([raw('JSON_VALUE'), { g: inner }]);
            continue;
          case 'GROUP_CONCAT':
            done([raw('STRING_AGG('), ...args[0]!, raw(', '), ...(args[1] ?? [tok('str', "N','")]), raw(')')]);
            continue;
          case 'PRINTF':
          case 'FORMAT':
            done(printf(args, sql));
            continue;
          case 'MAX':
          case 'MIN':
          case 'SUM':
          case 'AVG':
          case 'TOTAL':
            if ((up === 'MAX' || up === 'MIN') && args.length >= 2) {
              done([raw(up === 'MAX' ? 'GREATEST' : 'LEAST'), { g: inner }]);
              continue;
            }
            if (args.length === 1 && isPredicate(args[0]!)) {
              const fn = up === 'TOTAL' ? 'SUM' : up;
              done([raw(`${fn}(CASE WHEN `), ...args[0]!, raw(' THEN 1 ELSE 0 END)')]);
              continue;
            }
            if (up === 'AVG') {
              // SQLite's avg() is always REAL; T-SQL's AVG(int) truncates and AVG(bit) is an error
              done([raw('AVG(CAST('), ...args[0]!, raw(' AS FLOAT))')]);
              continue;
            }
            if (args.length === 1 && isBoolColumn(args[0]!)) {
              done([raw(`${up === 'TOTAL' ? 'SUM' : up}(CAST(`), ...args[0]!, raw(' AS INT))')]);
              continue;
            }
            if (up === 'TOTAL') {
              done([raw('ISNULL(SUM'), { g: inner }, raw(', 0.0)')]);
              continue;
            }
            break;
          case 'CAST': {
            const asAt = inner.findIndex((x) => isWord(x, 'AS'));
            const ty = inner[next(inner, asAt + 1)];
            if (asAt >= 0 && isTok(ty) && CAST_TYPES[ty.v.toUpperCase()]) {
              done([raw('CAST('), ...inner.slice(0, asAt), raw(`AS ${CAST_TYPES[ty.v.toUpperCase()]!})`)]);
              continue;
            }
            break;
          }
          case 'DATE':
          case 'DATETIME':
          case 'TIME':
          case 'STRFTIME':
          case 'UNIXEPOCH':
          case 'RANDOM':
          case 'INSTR':
          case 'GLOB':
          case 'JSON_GROUP_ARRAY':
          case 'JSON_OBJECT':
          case 'IIF':
            throw new UnsupportedSqlError(`${n.v}()`, sql);
        }
        out.push(n, ...nodes.slice(i + 1, j), { g: inner });
        i = j;
        continue;
      }
      if (up === 'GLOB' || up === 'REGEXP' || up === 'AUTOINCREMENT') throw new UnsupportedSqlError(up, sql);
      if (up === 'SQLITE_MASTER' || up === 'SQLITE_SCHEMA') {
        // the catalogue as SQLite shows it; no index SQL (sql IS NULL), so bulk-load index deferral is a no-op
        out.push(
          raw(
            "(SELECT t.name AS [name], N'table' AS [type], t.name AS [tbl_name], CAST(NULL AS NVARCHAR(MAX)) AS [sql] FROM sys.tables t " +
              "UNION ALL SELECT i.name, N'index', t.name, CAST(NULL AS NVARCHAR(MAX)) FROM sys.indexes i JOIN sys.tables t ON t.object_id = i.object_id WHERE i.name IS NOT NULL)",
          ),
        );
        const a = next(nodes, i + 1);
        if (!isWord(nodes[a], 'WHERE', 'ORDER', 'GROUP', 'LIMIT', 'JOIN') && isWord(nodes[a]) && a < nodes.length) continue; // an alias follows
        out.push(raw(' AS sqlite_master'));
        continue;
      }
    }
    out.push(n);
  }
  return out;
}

// ───────────────────────────── query levels ─────────────────────────────

/** T-SQL reserved words that SQLite lets the app use as column aliases. */
const RESERVED = new Set(
  'ADD ALL ALTER AND ANY AS ASC BACKUP BEGIN BETWEEN BREAK BROWSE BULK BY CASCADE CASE CHECK CHECKPOINT CLOSE CLUSTERED COALESCE COLLATE COLUMN COMMIT COMPUTE CONSTRAINT CONTAINS CONTINUE CONVERT CREATE CROSS CURRENT CURSOR DATABASE DBCC DEALLOCATE DECLARE DEFAULT DELETE DENY DESC DISK DISTINCT DISTRIBUTED DOUBLE DROP DUMP ELSE END ERRLVL ESCAPE EXCEPT EXEC EXECUTE EXISTS EXIT EXTERNAL FETCH FILE FILLFACTOR FOR FOREIGN FREETEXT FROM FULL FUNCTION GOTO GRANT GROUP HAVING HOLDLOCK IDENTITY IF IN INDEX INNER INSERT INTERSECT INTO IS JOIN KEY KILL LEFT LIKE LINENO LOAD MERGE NATIONAL NOCHECK NONCLUSTERED NOT NULL NULLIF OF OFF OFFSETS ON OPEN OPTION OR ORDER OUTER OVER PERCENT PIVOT PLAN PRECISION PRIMARY PRINT PROC PROCEDURE PUBLIC RAISERROR READ READTEXT RECONFIGURE REFERENCES REPLICATION RESTORE RESTRICT RETURN REVERT REVOKE RIGHT ROLLBACK ROWCOUNT ROWGUIDCOL RULE SAVE SCHEMA SELECT SESSION_USER SET SETUSER SHUTDOWN SOME STATISTICS SYSTEM_USER TABLE TABLESAMPLE TEXTSIZE THEN TO TOP TRAN TRANSACTION TRIGGER TRUNCATE UNION UNIQUE UNPIVOT UPDATE UPDATETEXT USE USER VALUES VARYING VIEW WAITFOR WHEN WHERE WHILE WITH WRITETEXT'.split(
    ' ',
  ),
);

/** The select list of the SELECT at this level that precedes position `before`. */
function selectList(nodes: Node[], before: number): Node[][] | null {
  let s = -1;
  for (let i = 0; i < before; i++) if (isWord(nodes[i], 'SELECT')) s = i;
  if (s < 0) return null;
  const f = findWord(nodes, 'FROM', s);
  const end = f >= 0 && f < before ? f : before;
  let start = next(nodes, s + 1);
  if (isWord(nodes[start], 'DISTINCT', 'ALL')) start = next(nodes, start + 1);
  return splitCommas(nodes.slice(start, end)).map((item) => {
    // drop a trailing `AS alias` / bare alias
    const t = trimNodes(item);
    const last = prev(t, t.length - 1);
    const before = prev(t, last - 1);
    if (isWord(t[before], 'AS')) return trimNodes(t.slice(0, before));
    return t;
  });
}

const DERIVED_FOLLOW = new Set(['WHERE', 'GROUP', 'ORDER', 'JOIN', 'LEFT', 'RIGHT', 'INNER', 'CROSS', 'FULL', 'ON', 'UNION', 'EXCEPT', 'INTERSECT', 'LIMIT', 'HAVING']);
const derived = { n: 0 };

/** One query level (the whole statement, or the inside of parentheses): LIMIT, GROUP BY n, USING, aliases. */
function level(nodes: Node[], sql: string): Node[] {
  let out = nodes.map((n) => (isGrp(n) ? { g: level(n.g, sql) } : n));

  // column aliases that are T-SQL reserved words: AS open → AS [open]
  for (let i = 0; i < out.length; i++) {
    if (isWord(out[i], 'AS')) {
      const a = next(out, i + 1);
      const t = out[a];
      if (isTok(t) && t.k === 'word' && RESERVED.has(t.v.toUpperCase()) && !isGrp(out[next(out, a + 1)])) out[a] = tok('qid', `[${t.v}]`);
    }
  }

  // GROUP BY 1, 2 → the select-list expressions
  const gb = findPair(out, 'GROUP', 'BY');
  if (gb >= 0) {
    const by = next(out, next(out, gb + 1) + 1);
    let end = by;
    while (end < out.length && !isWord(out[end], 'HAVING', 'ORDER', 'LIMIT', 'UNION', 'WINDOW') && !(isTok(out[end]) && (out[end] as Tok).v === ';')) end++;
    const items = splitCommas(out.slice(by, end));
    if (items.some((it) => it.length === 1 && isTok(it[0]) && it[0].k === 'num')) {
      const list = selectList(out, gb);
      if (!list) throw new UnsupportedSqlError('GROUP BY position without a SELECT', sql);
      const replaced = items.map((it) => {
        if (it.length === 1 && isTok(it[0]) && it[0].k === 'num') {
          const e = list[Number(it[0].v) - 1];
          if (!e) throw new UnsupportedSqlError(`GROUP BY ${it[0].v}`, sql);
          return e;
        }
        return it;
      });
      out = [...out.slice(0, by), ...joinCommas(replaced), SP(), ...out.slice(end)];
    }
  }

  // SQLite lets a grouped query select bare columns that depend on the GROUP BY key (cl.nom with GROUP BY
  // cl.client_id); T-SQL wants them grouped too: add the plain column references missing from GROUP BY
  const gb2 = findPair(out, 'GROUP', 'BY');
  if (gb2 >= 0) {
    const by = next(out, next(out, gb2 + 1) + 1);
    let end = by;
    while (end < out.length && !isWord(out[end], 'HAVING', 'ORDER', 'LIMIT', 'UNION', 'WINDOW') && !(isTok(out[end]) && (out[end] as Tok).v === ';')) end++;
    const grouped = splitCommas(out.slice(by, end)).map((x) => render(x).replace(/\s+/g, ''));
    const list = selectList(out, gb2) ?? [];
    const missing = list
      .map((item) => item.filter((n) => !(isTok(n) && n.k === 'ws')))
      .filter((t) => (t.length === 1 && isTok(t[0]) && t[0].k === 'word' && !isWord(t[0], 'NULL')) || (t.length === 3 && isTok(t[1]) && t[1].v === '.' && isTok(t[2]) && t[2].k !== 'op'))
      .map((t) => render(t))
      .filter((c) => c !== '*' && !c.endsWith('.*') && !grouped.includes(c) && !grouped.includes(c.split('.').pop()!));
    if (missing.length > 0) out = [...trimNodes(out.slice(0, end)), raw(`, ${[...new Set(missing)].join(', ')}`), ...(end < out.length ? [SP()] : []), ...out.slice(end)];
  }

  // JOIN t a USING (col) → JOIN t a ON a.col = <first table>.col
  for (let u = findWord(out, 'USING'); u >= 0; u = findWord(out, 'USING', u + 1)) {
    const g = out[next(out, u + 1)];
    if (!isGrp(g)) throw new UnsupportedSqlError('USING without columns', sql);
    const alias = out[prev(out, u - 1)];
    const from = findWord(out, 'FROM');
    const t1 = next(out, from + 1);
    let a1 = next(out, t1 + 1);
    if (isWord(out[a1], 'AS')) a1 = next(out, a1 + 1);
    const firstAlias = isWord(out[a1]) && !isWord(out[a1], 'JOIN', 'LEFT', 'INNER', 'WHERE', 'CROSS') ? out[a1] : out[t1];
    if (!isTok(alias) || !isTok(firstAlias) || from < 0) throw new UnsupportedSqlError('USING join', sql);
    const cols = splitCommas(g.g).map((c) => render(c));
    const on = cols.map((c) => `${alias.v}.${c} = ${firstAlias.v}.${c}`).join(' AND ');
    out.splice(u, next(out, u + 1) - u + 1, raw(`ON ${on}`));
  }

  // LIMIT n [OFFSET m] → OFFSET … FETCH (with ORDER BY) or TOP (n)
  const lim = findWord(out, 'LIMIT');
  if (lim >= 0) {
    let end = lim + 1;
    while (end < out.length && !isWord(out[end], 'OFFSET') && !(isTok(out[end]) && (out[end] as Tok).v === ';')) end++;
    const count = trimNodes(out.slice(lim + 1, end));
    let offset: Node[] = [raw('0')];
    let stop = end;
    if (isWord(out[end], 'OFFSET')) {
      stop = end + 1;
      while (stop < out.length && !(isTok(out[stop]) && (out[stop] as Tok).v === ';')) stop++;
      offset = trimNodes(out.slice(end + 1, stop));
    }
    if (count.some((c) => isTok(c) && c.v === ',')) throw new UnsupportedSqlError('LIMIT a, b', sql);
    if (findPair(out, 'ORDER', 'BY') >= 0) {
      out = [...out.slice(0, lim), raw('OFFSET'), SP(), ...offset, SP(), raw('ROWS'), SP(), raw('FETCH'), SP(), raw('NEXT'), SP(), ...count, SP(), raw('ROWS'), SP(), raw('ONLY'), ...(stop < out.length ? [SP()] : []), ...out.slice(stop)];
    } else {
      if (offset.length !== 1 || render(offset) !== '0') throw new UnsupportedSqlError('OFFSET without ORDER BY', sql);
      let s = -1;
      for (let i = 0; i < lim; i++) if (isWord(out[i], 'SELECT')) s = i;
      if (s < 0) throw new UnsupportedSqlError('LIMIT outside a SELECT', sql);
      let at = next(out, s + 1);
      const distinct = isWord(out[at], 'DISTINCT');
      if (!distinct) at = s + 1;
      else at = at + 1;
      out = [...out.slice(0, at), SP(), raw('TOP'), SP(), { g: count }, ...out.slice(at, lim), ...out.slice(stop)];
    }
  }

  // a derived table needs an alias in T-SQL: FROM (SELECT …) → FROM (SELECT …) AS [d1]
  for (let i = 0; i < out.length; i++) {
    const g = out[i];
    if (!isGrp(g) || !isWord(g.g[next(g.g, 0)], 'SELECT', 'WITH') || !isWord(out[prev(out, i - 1)], 'FROM', 'JOIN')) continue;
    const a = out[next(out, i + 1)];
    const hasAlias = isWord(a, 'AS') || (isTok(a) && (a.k === 'qid' || (a.k === 'word' && !DERIVED_FOLLOW.has(a.v.toUpperCase()))));
    if (!hasAlias) out.splice(i + 1, 0, SP(), raw('AS'), SP(), tok('qid', `[d${++derived.n}]`));
  }
  return out;
}

/** ORDER BY inside a subquery / CTE needs OFFSET in T-SQL. */
function subqueryOrder(nodes: Node[], top: boolean): Node[] {
  const out = nodes.map((n) => (isGrp(n) ? { g: subqueryOrder(n.g, false) } : n));
  if (!top && isWord(out[next(out, 0)], 'SELECT') && findPair(out, 'ORDER', 'BY') >= 0 && findWord(out, 'OFFSET') < 0 && findWord(out, 'TOP') < 0) {
    return [...trimNodes(out), raw(' OFFSET 0 ROWS')];
  }
  return out;
}

// ───────────────────────────── statements ─────────────────────────────

const tableOf = (name: string): Table | undefined => TABLES.find((t) => t.name === name);
const q = (ident: string): string => `[${ident.replace(/]/g, ']]')}]`;
const identName = (n: Node | undefined): string | null => (isTok(n) && (n.k === 'word' || n.k === 'qid') ? (n.k === 'qid' ? n.v.replace(/^\[|\]$/g, '') : n.v) : null);

interface InsertParts {
  table: string;
  cols: string[];
  values: Node[][];
  conflictKeys: string[] | null;
  action: 'nothing' | 'update' | null;
  update: Node[];
  updateWhere: Node[] | null;
  returning: Node[] | null;
}

/** INSERT [OR IGNORE|OR REPLACE] INTO t (cols) VALUES (…) [ON CONFLICT (k) DO NOTHING | DO UPDATE SET … [WHERE …]] [RETURNING …] */
function parseInsert(nodes: Node[], sql: string): InsertParts & { orIgnore: boolean } | null {
  let i = next(nodes, 0);
  if (!isWord(nodes[i], 'INSERT')) return null;
  i = next(nodes, i + 1);
  let orIgnore = false;
  if (isWord(nodes[i], 'OR')) {
    const what = nodes[next(nodes, i + 1)];
    if (!isWord(what, 'IGNORE')) throw new UnsupportedSqlError(`INSERT OR ${render([what!])}`, sql);
    orIgnore = true;
    i = next(nodes, next(nodes, i + 1) + 1);
  }
  if (!isWord(nodes[i], 'INTO')) return null;
  i = next(nodes, i + 1);
  const table = identName(nodes[i]);
  if (!table) throw new UnsupportedSqlError('INSERT target', sql);
  i = next(nodes, i + 1);
  const colsGrp = nodes[i];
  if (!isGrp(colsGrp)) throw new UnsupportedSqlError('INSERT without a column list', sql);
  const cols = splitCommas(colsGrp.g).map((c) => identName(c[0]) ?? render(c));
  i = next(nodes, i + 1);
  const conflict = findPair(nodes, 'ON', 'CONFLICT', i);
  const returning = findWord(nodes, 'RETURNING', i);
  let values: Node[][] = [];
  if (isWord(nodes[i], 'VALUES')) {
    const v = nodes[next(nodes, i + 1)];
    if (!isGrp(v)) throw new UnsupportedSqlError('INSERT VALUES', sql);
    const after = nodes[next(nodes, next(nodes, i + 1) + 1)];
    if (isTok(after) && after.v === ',') values = []; // several rows
    else values = splitCommas(v.g);
  }
  const parts: InsertParts & { orIgnore: boolean } = { table, cols, values, conflictKeys: null, action: null, update: [], updateWhere: null, returning: null, orIgnore };
  if (returning >= 0) parts.returning = trimNodes(nodes.slice(returning + 1).filter((n) => !(isTok(n) && n.v === ';')));
  if (conflict >= 0) {
    let j = next(nodes, next(nodes, conflict + 1) + 1);
    if (isGrp(nodes[j])) {
      parts.conflictKeys = splitCommas((nodes[j] as Grp).g).map((c) => identName(c[0]) ?? render(c));
      j = next(nodes, j + 1);
    }
    if (!isWord(nodes[j], 'DO')) throw new UnsupportedSqlError('ON CONFLICT', sql);
    j = next(nodes, j + 1);
    if (isWord(nodes[j], 'NOTHING')) parts.action = 'nothing';
    else if (isWord(nodes[j], 'UPDATE') && isWord(nodes[next(nodes, j + 1)], 'SET')) {
      parts.action = 'update';
      const start = next(nodes, next(nodes, j + 1) + 1);
      const end = returning >= 0 ? returning : nodes.length;
      const w = findWord(nodes, 'WHERE', start);
      parts.update = trimNodes(nodes.slice(start, w >= 0 && w < end ? w : end).filter((n) => !(isTok(n) && n.v === ';')));
      if (w >= 0 && w < end) parts.updateWhere = trimNodes(nodes.slice(w + 1, end).filter((n) => !(isTok(n) && n.v === ';')));
    } else throw new UnsupportedSqlError('ON CONFLICT action', sql);
  }
  return parts;
}

/** Qualifies the target table's bare columns in a MERGE's UPDATE expressions (`x` → [target].x). */
function qualifyTarget(nodes: Node[], columns: ReadonlySet<string>, lhs: boolean): Node[] {
  const out: Node[] = [];
  let expectLhs = lhs;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (isGrp(n)) {
      out.push({ g: qualifyTarget(n.g, columns, false) });
      continue;
    }
    if (n.v === ',' && lhs) expectLhs = true;
    const name = identName(n);
    const before = nodes[prev(nodes, i - 1)];
    const after = nodes[next(nodes, i + 1)];
    const isQualified = (isTok(before) && before.v === '.') || (isTok(after) && after.v === '.');
    if (name && columns.has(name) && !isQualified && !isGrp(after)) {
      if (expectLhs) {
        expectLhs = false;
        out.push(n);
      } else out.push(raw(`[target].${q(name)}`));
      continue;
    }
    out.push(n);
  }
  return out;
}

function insertStatement(p: InsertParts & { orIgnore: boolean }, sql: string): string | null {
  if (!p.orIgnore && !p.action) return null;
  const t = tableOf(p.table);
  if (!t) throw new UnsupportedSqlError(`an upsert into ${p.table} (not in the schema)`, sql);
  if (p.values.length !== p.cols.length) throw new UnsupportedSqlError('an upsert of several rows or from a SELECT', sql);
  if (p.returning) throw new UnsupportedSqlError('RETURNING on an upsert', sql);
  const valueOf = new Map(p.cols.map((c, i) => [c, p.values[i]!]));
  let keys = p.conflictKeys;
  if (!keys) {
    const uniques = t.columns.filter((c) => c.pk || c.unique).map((c) => c.name).filter((c) => valueOf.has(c));
    if (uniques.length === 0) throw new UnsupportedSqlError('INSERT OR IGNORE without a key among the columns', sql);
    keys = uniques;
  }
  for (const k of keys) if (!valueOf.has(k)) throw new UnsupportedSqlError(`ON CONFLICT (${k}) with ${k} not inserted`, sql);
  const colList = p.cols.map(q).join(', ');
  const tq = `[dbo].${q(p.table)}`;
  if (p.orIgnore || p.action === 'nothing') {
    // conflict on any listed key (no target: every unique key, like SQLite)
    const join = p.conflictKeys ? ' AND ' : ' OR ';
    const cond = keys.map((k) => `${q(k)} = ${render(valueOf.get(k)!)}`).join(join);
    return `INSERT INTO ${tq} (${colList}) SELECT ${p.values.map(render).join(', ')} WHERE NOT EXISTS (SELECT 1 FROM ${tq} WITH (UPDLOCK, HOLDLOCK) WHERE ${cond})`;
  }
  const columns = new Set(t.columns.map((c) => c.name));
  const src = p.cols.map((c, i) => `${render(p.values[i]!)} AS ${q(c)}`).join(', ');
  const on = keys.map((k) => `[target].${q(k)} = [excluded].${q(k)}`).join(' AND ');
  const set = render(qualifyTarget(p.update, columns, true));
  const when = p.updateWhere ? ` AND (${render(qualifyTarget(p.updateWhere, columns, false))})` : '';
  return (
    `MERGE ${tq} WITH (HOLDLOCK) AS [target] USING (SELECT ${src}) AS [excluded] ON ${on} ` +
    `WHEN MATCHED${when} THEN UPDATE SET ${set} ` +
    `WHEN NOT MATCHED THEN INSERT (${colList}) VALUES (${p.cols.map((c) => `[excluded].${q(c)}`).join(', ')});`
  );
}

/** RETURNING … → OUTPUT INSERTED.… / DELETED.… at the place T-SQL wants it. */
function returning(nodes: Node[], sql: string): Node[] {
  const r = findWord(nodes, 'RETURNING');
  if (r < 0) return nodes;
  const first = nodes[next(nodes, 0)];
  const verb = isTok(first) ? first.v.toUpperCase() : '';
  const pseudo = verb === 'DELETE' ? 'DELETED' : 'INSERTED';
  const cols = splitCommas(nodes.slice(r + 1).filter((n) => !(isTok(n) && n.v === ';'))).map((c) => (render(c) === '*' ? `${pseudo}.*` : `${pseudo}.${render(c)}`));
  const body = trimNodes(nodes.slice(0, r));
  const output = raw(`OUTPUT ${cols.join(', ')} `);
  let at: number;
  if (verb === 'UPDATE') {
    at = findWord(body, 'FROM');
    if (at < 0) at = findWord(body, 'WHERE');
  } else if (verb === 'DELETE') at = findWord(body, 'WHERE');
  else if (verb === 'INSERT') {
    at = findWord(body, 'VALUES');
    if (at < 0) at = findWord(body, 'SELECT');
  } else throw new UnsupportedSqlError('RETURNING', sql);
  if (at < 0) return [...body, SP(), output];
  return [...body.slice(0, at), output, ...body.slice(at)];
}

/** An INSERT that names the IDENTITY column of its table: SQL Server wants IDENTITY_INSERT on. */
function identityInsert(tableName: string, cols: readonly string[]): boolean {
  const t = tableOf(tableName);
  const auto = t?.columns.find((c) => c.pk === 'auto');
  return auto !== undefined && cols.includes(auto.name);
}

function splitStatements(nodes: Node[]): Node[][] {
  const out: Node[][] = [[]];
  for (const n of nodes) {
    if (isTok(n) && n.v === ';') out.push([]);
    else out[out.length - 1]!.push(n);
  }
  return out.map(trimNodes).filter((s) => s.length > 0);
}

/** `?` → @p1, @p2…; `@x` / `:x` / `$x` → @x. Mutates the tokens, returns how each parameter is bound. */
function renameParams(toks: Tok[], sql: string): ParamSource[] {
  const params: ParamSource[] = [];
  const seen = new Set<string>();
  let positional = 0;
  for (const t of toks) {
    if (t.k !== 'param') continue;
    if (t.v.startsWith('?')) {
      if (t.v.length > 1) throw new UnsupportedSqlError('numbered parameters (?NNN)', sql);
      const name = `p${++positional}`;
      params.push({ name, index: positional - 1 });
      t.v = `@${name}`;
    } else {
      const key = t.v.slice(1);
      if (/^p\d+$/.test(key)) throw new UnsupportedSqlError(`the parameter name ${t.v} (reserved for positional parameters)`, sql);
      if (!seen.has(key)) params.push({ name: key, key });
      seen.add(key);
      t.v = `@${key}`;
    }
  }
  if (positional > 0 && seen.size > 0) throw new UnsupportedSqlError('mixed positional and named parameters', sql);
  return params;
}

/** Only the parameters renamed (the SQL stays SQLite): for the bridge's better-sqlite3 test backend. */
export function parameterise(sql: string): Translated {
  const toks = tokenize(sql);
  const params = renameParams(toks, sql);
  const first = toks.find((t) => t.k !== 'ws');
  if (first && first.k === 'word' && first.v.toUpperCase() === 'PRAGMA') return { sql: '', params: [], kind: 'pragma', identity: false };
  return { sql: toks.map((t) => t.v).join(''), params, kind: 'query', identity: false };
}

/** Translates one better-sqlite3 SQL text (one statement, or several for exec). */
export function translate(sql: string): Translated {
  derived.n = 0;
  const toks = tokenize(sql);
  const params = renameParams(toks, sql);
  const first = toks.find((t) => t.k !== 'ws');
  if (first && first.k === 'word' && first.v.toUpperCase() === 'PRAGMA') return { sql: '', params: [], kind: 'pragma', identity: false };

  let identity = false;
  const batch: string[] = [];
  for (const stmt of splitStatements(nest(toks, sql))) {
    const head = stmt[next(stmt, 0)];
    if (isWord(head, 'BEGIN', 'COMMIT', 'ROLLBACK', 'SAVEPOINT', 'RELEASE', 'VACUUM', 'ANALYZE', 'ATTACH', 'DETACH', 'REINDEX') || isWord(head, 'PRAGMA'))
      throw new UnsupportedSqlError(`${render([head!])} (use the adapter's transaction())`, sql);
    if (isWord(head, 'DROP') && isWord(stmt[next(stmt, next(stmt, 0) + 1)], 'INDEX') && findWord(stmt, 'ON') < 0) throw new UnsupportedSqlError('DROP INDEX without ON <table>', sql);
    const e = subqueryOrder(level(expressions(stmt, sql), sql), true);
    const ins = parseInsert(e, sql);
    let text: string;
    const upsert = ins ? insertStatement(ins, sql) : null;
    if (upsert !== null) text = upsert;
    else text = render(returning(e, sql));
    if (ins) {
      const t = tableOf(ins.table);
      if (t?.columns.some((c) => c.pk === 'auto')) identity = true;
      if (identityInsert(ins.table, ins.cols)) {
        const tq = `[dbo].${q(ins.table)}`;
        text = `SET IDENTITY_INSERT ${tq} ON; BEGIN TRY ${text.replace(/;\s*$/, '')}; END TRY BEGIN CATCH SET IDENTITY_INSERT ${tq} OFF; THROW; END CATCH; SET IDENTITY_INSERT ${tq} OFF`;
        identity = false;
      }
    }
    batch.push(text.replace(/;\s*$/, ''));
  }
  return { sql: batch.map((s) => `${s};`).join('\n'), params, kind: 'query', identity };
}

/** True when the T-SQL text carries no literal that looks like data (used by the parameterisation check). */
export function literals(tsql: string): string[] {
  return [...tsql.matchAll(/N?'(?:[^']|'')*'/g)].map((m) => m[0]);
}
