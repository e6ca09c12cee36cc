/**
 * Checks the Bicep of infra/ without the Bicep CLI (which cannot be installed from npm or Debian):
 *
 * 1. its own lexer and parser of Bicep's grammar (strings with `${}` interpolation and escapes, ''' multi-line
 *    strings, comments, balanced brackets, decorators, the declarations targetScope / param / var / resource /
 *    module / output / type / func / import / metadata, and `using` / `param` of .bicepparam files, expressions
 *    with their operators, objects, arrays, for-expressions, lambdas and `if` conditions);
 * 2. checks across declarations and files: every identifier, function, decorator and type used is declared or
 *    built in; no name declared twice; resource types are 'Provider.Namespace/type[/child]@yyyy-mm-dd[-preview]';
 *    every module path exists, is checked too, gets only parameters it declares and every one it requires, and
 *    `<module>.outputs.<name>` names an output it has; the .bicepparam file's `using` target exists and every
 *    parameter without a default is set, none unknown; no secret-looking literal, secret-named parameters are
 *    @secure(), without default, set from the environment or Key Vault (not a literal) and never output;
 *    Key Vault references have the `@Microsoft.KeyVault(SecretUri=…)` form; unused parameters and variables warn;
 * 3. when the npm packages `web-tree-sitter` and `tree-sitter-bicep` are installed, each .bicep file is also
 *    parsed by that independent grammar and any error node is reported (`--require-tree-sitter` makes their
 *    absence an error).
 *
 * It cannot check resource property names and values against Azure's type schemas, API version existence,
 * function argument counts and types, nor what Azure Resource Manager would decide at deployment.
 *
 * Usage: npx tsx scripts/check-infra.ts [infra-dir] [--require-tree-sitter]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// ───────────────────────────── diagnostics ─────────────────────────────

export interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

export function formatDiagnostic(d: Diagnostic, root = process.cwd()): string {
  return `${relative(root, d.file) || d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`;
}

class BicepSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
  ) {
    super(message);
  }
}

// ───────────────────────────── lexer ─────────────────────────────

export type TokenKind = 'ident' | 'number' | 'string' | 'punct' | 'newline' | 'eof';

export interface StringValue {
  /** literal pieces: always one more than the interpolations */
  readonly pieces: string[];
  /** each `${…}` as its own token list (ending with eof) */
  readonly interpolations: Token[][];
  readonly multiline: boolean;
}

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly line: number;
  readonly col: number;
  readonly str?: StringValue;
}

const PUNCTUATION = [
  '...', '=~', '!~', '==', '!=', '>=', '<=', '&&', '||', '??', '=>', '::', '.?', '[?',
  '{', '}', '[', ']', '(', ')', ',', ':', '.', '?', '!', '=', '>', '<', '+', '-', '*', '/', '%', '@', '|',
];
const CLOSER: Record<string, string> = { '{': '}', '[': ']', '(': ')', '[?': ']', '${': '}' };

/** Splits Bicep source into tokens; throws a BicepSyntaxError on a lexical error or unbalanced brackets. */
export function tokenize(src: string): Token[] {
  let i = 0;
  let line = 1;
  let col = 1;
  const fail = (msg: string, l = line, c = col): never => {
    throw new BicepSyntaxError(msg, l, c);
  };
  const advance = (n = 1): void => {
    for (let k = 0; k < n; k++) {
      if (src[i] === '\n') {
        line++;
        col = 1;
      } else col++;
      i++;
    }
  };

  /** Lexes until the end of input or, inside an interpolation, the `}` that closes it. */
  function lex(inInterpolation: boolean): Token[] {
    const out: Token[] = [];
    const stack: { open: string; line: number; col: number }[] = [];
    for (;;) {
      if (i >= src.length) {
        if (inInterpolation) fail('unterminated ${…} interpolation in a string');
        const open = stack.at(-1);
        if (open) fail(`'${open.open}' opened here is never closed`, open.line, open.col);
        out.push({ kind: 'eof', text: '', line, col });
        return out;
      }
      const ch = src[i]!;
      if (ch === ' ' || ch === '\t' || ch === '\r') {
        advance();
        continue;
      }
      if (ch === '\n') {
        if (out.at(-1)?.kind !== 'newline') out.push({ kind: 'newline', text: '\n', line, col });
        advance();
        continue;
      }
      if (src.startsWith('//', i)) {
        while (i < src.length && src[i] !== '\n') advance();
        continue;
      }
      if (src.startsWith('/*', i)) {
        const [l, c] = [line, col];
        const end = src.indexOf('*/', i + 2);
        if (end < 0) fail('unterminated /* comment', l, c);
        advance(end + 2 - i);
        continue;
      }
      const [l, c] = [line, col];
      if (src.startsWith("'''", i)) {
        const end = src.indexOf("'''", i + 3);
        if (end < 0) fail("unterminated ''' multi-line string", l, c);
        let stop = end + 3;
        while (src[stop] === "'") stop++; // '''' closes after the extra quotes, as Bicep does
        const body = src.slice(i + 3, stop - 3).replace(/^\r?\n/, '');
        advance(stop - i);
        out.push({ kind: 'string', text: src.slice(i - (stop - i), i), line: l, col: c, str: { pieces: [body], interpolations: [], multiline: true } });
        continue;
      }
      if (ch === "'") {
        out.push(lexString(l, c));
        continue;
      }
      if (/[A-Za-z_]/.test(ch)) {
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 256))!;
        advance(m[0].length);
        out.push({ kind: 'ident', text: m[0], line: l, col: c });
        continue;
      }
      if (/[0-9]/.test(ch)) {
        const m = /^[0-9]+/.exec(src.slice(i, i + 64))!;
        advance(m[0].length);
        if (src[i] === '.' && /[0-9]/.test(src[i + 1] ?? '')) fail('Bicep has no decimal number literals: use a string or json(\'1.5\')', l, c);
        out.push({ kind: 'number', text: m[0], line: l, col: c });
        continue;
      }
      const p = PUNCTUATION.find((x) => src.startsWith(x, i));
      if (!p) fail(`unexpected character ${JSON.stringify(ch)}`);
      if (inInterpolation && p === '}' && stack.length === 0) {
        advance();
        out.push({ kind: 'eof', text: '', line: l, col: c });
        return out;
      }
      advance(p!.length);
      out.push({ kind: 'punct', text: p!, line: l, col: c });
      if (p! in CLOSER) stack.push({ open: p!, line: l, col: c });
      else if (p === '}' || p === ']' || p === ')') {
        const open = stack.pop();
        if (!open) fail(`'${p}' closes nothing`, l, c);
        if (CLOSER[open!.open] !== p) fail(`'${p}' does not match '${open!.open}' opened at ${open!.line}:${open!.col}`, l, c);
      }
    }
  }

  function lexString(l: number, c: number): Token {
    const start = i;
    advance(); // opening quote
    const pieces: string[] = [];
    const interpolations: Token[][] = [];
    let piece = '';
    for (;;) {
      if (i >= src.length || src[i] === '\n') fail('unterminated string (a single-quoted string ends on its line; use \'\'\' for several lines)', l, c);
      const ch = src[i]!;
      if (ch === "'") {
        advance();
        pieces.push(piece);
        return { kind: 'string', text: src.slice(start, i), line: l, col: c, str: { pieces, interpolations, multiline: false } };
      }
      if (ch === '\\') {
        const next = src[i + 1];
        const simple: Record<string, string> = { '\\': '\\', "'": "'", n: '\n', r: '\r', t: '\t', $: '$' };
        if (next !== undefined && next in simple) {
          piece += simple[next];
          advance(2);
          continue;
        }
        const u = /^\\u\{([0-9A-Fa-f]{1,6})\}/.exec(src.slice(i, i + 10));
        if (u) {
          const cp = parseInt(u[1]!, 16);
          if (cp > 0x10ffff) fail(`invalid escape ${u[0]}: beyond U+10FFFF`);
          piece += String.fromCodePoint(cp);
          advance(u[0].length);
          continue;
        }
        fail(`invalid escape \\${next ?? ''} in a string (valid: \\\\ \\' \\n \\r \\t \\$ \\u{…})`);
      }
      if (src.startsWith('${', i)) {
        const [il, ic] = [line, col];
        advance(2);
        pieces.push(piece);
        piece = '';
        const inner = lex(true);
        if (inner.length === 1) fail('empty ${} interpolation', il, ic);
        interpolations.push(inner);
        continue;
      }
      piece += ch;
      advance();
    }
  }

  return lex(false);
}

// ───────────────────────────── syntax tree ─────────────────────────────

interface Pos {
  readonly line: number;
  readonly col: number;
}

export type Expr =
  | (Pos & { kind: 'ident'; name: string })
  | (Pos & { kind: 'literal'; value: string | number | boolean | null })
  | (Pos & { kind: 'string'; str: StringValue; parts: Expr[] })
  | (Pos & { kind: 'object'; props: Prop[] })
  | (Pos & { kind: 'array'; items: Expr[] })
  | (Pos & { kind: 'for'; vars: string[]; source: Expr; body: Expr })
  | (Pos & { kind: 'if'; cond: Expr; body: Expr })
  | (Pos & { kind: 'lambda'; params: string[]; body: Expr })
  | (Pos & { kind: 'call'; callee: Expr; args: Expr[] })
  | (Pos & { kind: 'member'; object: Expr; name: string; op: '.' | '.?' | '::' })
  | (Pos & { kind: 'index'; object: Expr; index: Expr })
  | (Pos & { kind: 'unary'; op: string; operand: Expr })
  | (Pos & { kind: 'binary'; op: string; left: Expr; right: Expr })
  | (Pos & { kind: 'ternary'; cond: Expr; then: Expr; else: Expr })
  | (Pos & { kind: 'nested-resource'; decl: Declaration });

export interface Prop extends Pos {
  readonly key: string | null; // null for a spread or a nested resource
  readonly value: Expr;
  readonly decorators: Decorator[];
}

export type TypeExpr =
  | (Pos & { kind: 'named'; name: string })
  | (Pos & { kind: 'literal' })
  | (Pos & { kind: 'resource'; type: string })
  | (Pos & { kind: 'object'; props: { key: string; type: TypeExpr; decorators: Decorator[] }[] })
  | (Pos & { kind: 'tuple'; items: TypeExpr[] })
  | (Pos & { kind: 'array'; of: TypeExpr })
  | (Pos & { kind: 'nullable'; of: TypeExpr })
  | (Pos & { kind: 'union'; of: TypeExpr[] });

export interface Decorator extends Pos {
  readonly name: string;
  readonly args: Expr[];
}

export interface Declaration extends Pos {
  readonly keyword: string;
  readonly name: string;
  readonly decorators: Decorator[];
  readonly type?: TypeExpr;
  readonly value?: Expr;
  /** resource type string, module or using path, import source */
  readonly target?: string;
  readonly targetPos?: Pos;
  readonly existing?: boolean;
  /** func parameters, import names */
  readonly names?: string[];
}

const PRIMITIVE_TYPES = new Set(['string', 'int', 'bool', 'object', 'array', 'any']);

class Parser {
  private p = 0;
  constructor(
    private readonly toks: Token[],
    private readonly paramFile: boolean,
  ) {}

  private get t(): Token {
    return this.toks[this.p]!;
  }
  private peek(n = 1): Token {
    return this.toks[Math.min(this.p + n, this.toks.length - 1)]!;
  }
  private is(text: string, tok = this.t): boolean {
    return (tok.kind === 'punct' || tok.kind === 'ident') && tok.text === text;
  }
  private next(): Token {
    const tok = this.t;
    if (tok.kind !== 'eof') this.p++;
    return tok;
  }
  private fail(msg: string, tok = this.t): never {
    throw new BicepSyntaxError(msg, tok.line, tok.col);
  }
  private describe(tok: Token): string {
    return tok.kind === 'eof' ? 'the end of the file' : tok.kind === 'newline' ? 'a line break' : `'${tok.text}'`;
  }
  private expect(text: string, what = `'${text}'`): Token {
    if (!this.is(text)) this.fail(`expected ${what} but found ${this.describe(this.t)}`);
    return this.next();
  }
  private ident(what: string): Token {
    if (this.t.kind !== 'ident') this.fail(`expected ${what} but found ${this.describe(this.t)}`);
    return this.next();
  }
  private skipNewlines(): void {
    while (this.t.kind === 'newline') this.next();
  }
  private endOfStatement(what: string): void {
    if (this.t.kind !== 'newline' && this.t.kind !== 'eof') this.fail(`expected a line break after ${what} but found ${this.describe(this.t)}`);
  }

  file(): Declaration[] {
    const decls: Declaration[] = [];
    this.skipNewlines();
    while (this.t.kind !== 'eof') {
      const decorators = this.decorators();
      decls.push(this.declaration(decorators));
      this.endOfStatement(`the ${decls.at(-1)!.keyword} declaration`);
      this.skipNewlines();
    }
    return decls;
  }

  private decorators(): Decorator[] {
    const out: Decorator[] = [];
    while (this.is('@')) {
      const at = this.next();
      let name = this.ident('a decorator name after @').text;
      if (this.is('.')) {
        this.next();
        name += '.' + this.ident('a decorator name').text;
      }
      this.expect('(', `'(' after @${name}`);
      const args = this.args();
      out.push({ name, args, line: at.line, col: at.col });
      if (this.t.kind !== 'newline') this.fail(`expected a line break after the decorator @${name}`);
      this.skipNewlines();
    }
    return out;
  }

  private stringLiteral(what: string): { value: string; tok: Token } {
    const tok = this.t;
    if (tok.kind !== 'string') this.fail(`expected ${what} (a string) but found ${this.describe(tok)}`);
    if (tok.str!.interpolations.length > 0) this.fail(`${what} cannot use \${…} interpolation`);
    this.next();
    return { value: tok.str!.pieces.join(''), tok };
  }

  private declaration(decorators: Decorator[]): Declaration {
    const kw = this.t;
    const at = { line: kw.line, col: kw.col };
    if (kw.kind !== 'ident') this.fail(`expected a declaration (param, var, resource, module, output…) but found ${this.describe(kw)}`);
    const keywords = this.paramFile ? ['using', 'param', 'var', 'import', 'extends'] : ['targetScope', 'param', 'var', 'resource', 'module', 'output', 'type', 'func', 'import', 'metadata', 'extension', 'provider'];
    if (!keywords.includes(kw.text)) {
      this.fail(`unknown declaration '${kw.text}' (expected one of: ${keywords.join(', ')})`);
    }
    if (decorators.length > 0 && ['targetScope', 'using', 'import', 'extends', 'extension', 'provider'].includes(kw.text)) {
      this.fail(`'${kw.text}' takes no decorator`);
    }
    this.next();
    switch (kw.text) {
      case 'targetScope': {
        this.expect('=');
        const value = this.expression();
        return { keyword: 'targetScope', name: 'targetScope', decorators, value, ...at };
      }
      case 'using':
      case 'extends': {
        if (this.is('none')) {
          this.next();
          return { keyword: kw.text, name: kw.text, decorators, target: 'none', ...at };
        }
        const { value, tok } = this.stringLiteral(`the path after ${kw.text}`);
        return { keyword: kw.text, name: kw.text, decorators, target: value, targetPos: tok, ...at };
      }
      case 'param': {
        const name = this.ident('a parameter name').text;
        if (this.paramFile) {
          this.expect('=', `'=' and a value after param ${name}`);
          return { keyword: 'param', name, decorators, value: this.expression(), ...at };
        }
        const type = this.type();
        let value: Expr | undefined;
        if (this.is('=')) {
          this.next();
          value = this.expression();
        }
        return { keyword: 'param', name, decorators, type, ...(value ? { value } : {}), ...at };
      }
      case 'var': {
        const name = this.ident('a variable name').text;
        const type = this.is('=') ? undefined : this.type();
        this.expect('=', `'=' after var ${name}`);
        return { keyword: 'var', name, decorators, ...(type ? { type } : {}), value: this.expression(), ...at };
      }
      case 'metadata': {
        const name = this.ident('a metadata name').text;
        this.expect('=');
        return { keyword: 'metadata', name, decorators, value: this.expression(), ...at };
      }
      case 'output': {
        const name = this.ident('an output name').text;
        const type = this.type();
        this.expect('=', `'=' after the type of output ${name}`);
        return { keyword: 'output', name, decorators, type, value: this.expression(), ...at };
      }
      case 'type': {
        const name = this.ident('a type name').text;
        this.expect('=');
        return { keyword: 'type', name, decorators, type: this.type(), ...at };
      }
      case 'resource':
        return this.resource(decorators, at);
      case 'module': {
        const name = this.ident('a module name').text;
        const { value: path, tok } = this.stringLiteral(`the path of module ${name}`);
        this.expect('=', `'=' after the path of module ${name}`);
        return { keyword: 'module', name, decorators, target: path, targetPos: tok, value: this.body(`module ${name}`), ...at };
      }
      case 'func': {
        const name = this.ident('a function name').text;
        this.expect('(');
        const names: string[] = [];
        while (!this.is(')')) {
          names.push(this.ident('a function parameter name').text);
          this.type();
          if (!this.is(')')) this.expect(',', "',' or ')'");
        }
        this.next();
        const type = this.type();
        this.expect('=>');
        return { keyword: 'func', name, decorators, names, type, value: this.expression(), ...at };
      }
      case 'import': {
        const names: string[] = [];
        if (this.is('{')) {
          this.next();
          this.skipNewlines();
          while (!this.is('}')) {
            let n = this.t.kind === 'string' ? this.stringLiteral('an imported name').value : this.ident('an imported name').text;
            if (this.is('as')) {
              this.next();
              n = this.ident('an alias').text;
            }
            names.push(n);
            if (this.is(',')) this.next();
            this.skipNewlines();
          }
          this.next();
        } else if (this.is('*')) {
          this.next();
          this.expect('as');
          names.push(this.ident('a namespace name').text);
        }
        let target = '';
        if (this.t.kind === 'string' && names.length === 0) target = this.stringLiteral('the import').value;
        else {
          this.expect('from', "'from'");
          target = this.stringLiteral('the import source').value;
        }
        return { keyword: 'import', name: names.join(','), decorators, names, target, ...at };
      }
      default: {
        // extension / provider: a name or a string, then optional `with {…}` and `as alias`
        const target = this.t.kind === 'string' ? this.stringLiteral('the extension').value : this.ident('an extension name').text;
        if (this.is('with')) {
          this.next();
          this.expression();
        }
        const names: string[] = [];
        if (this.is('as')) {
          this.next();
          names.push(this.ident('an alias').text);
        } else names.push(target.replace(/@.*$/, ''));
        return { keyword: kw.text, name: names[0]!, decorators, names, target, ...at };
      }
    }
  }

  private resource(decorators: Decorator[], at: Pos): Declaration {
    const name = this.ident('a resource name').text;
    const { value: type, tok } = this.stringLiteral(`the type of resource ${name}`);
    let existing = false;
    if (this.is('existing')) {
      this.next();
      existing = true;
    }
    this.expect('=', `'=' after the type of resource ${name}`);
    return { keyword: 'resource', name, decorators, target: type, targetPos: tok, existing, value: this.body(`resource ${name}`), ...at };
  }

  /** The body of a resource or module: an object, `if (cond) {…}` or `[for … : {…}]`. */
  private body(what: string): Expr {
    const start = this.t;
    if (this.is('if')) return this.ifBody();
    if (this.is('{')) return this.object();
    if (this.is('[') && this.is('for', this.peek())) return this.primary();
    return this.fail(`expected the body of ${what}: '{', 'if (…) {' or '[for …]' but found ${this.describe(start)}`);
  }

  private ifBody(): Expr {
    const at = this.next();
    this.expect('(', "'(' after if");
    const cond = this.expression(true);
    this.expect(')', "')' closing the if condition");
    if (!this.is('{')) this.fail(`expected '{' after if (…) but found ${this.describe(this.t)}`);
    return { kind: 'if', cond, body: this.object(), line: at.line, col: at.col };
  }

  // ── types ──
  private type(): TypeExpr {
    const first = this.typePostfix();
    if (!this.is('|')) return first;
    const of = [first];
    while (this.is('|')) {
      this.next();
      of.push(this.typePostfix());
    }
    return { kind: 'union', of, line: first.line, col: first.col };
  }
  private typePostfix(): TypeExpr {
    let t = this.typePrimary();
    for (;;) {
      if (this.is('[') && this.is(']', this.peek())) {
        this.next();
        this.next();
        t = { kind: 'array', of: t, line: t.line, col: t.col };
      } else if (this.is('?')) {
        this.next();
        t = { kind: 'nullable', of: t, line: t.line, col: t.col };
      } else if (this.is('.') && t.kind === 'named') {
        this.next();
        t = { kind: 'named', name: `${t.name}.${this.ident('a type name').text}`, line: t.line, col: t.col };
      } else return t;
    }
  }
  private typePrimary(): TypeExpr {
    const tok = this.t;
    const at = { line: tok.line, col: tok.col };
    if (tok.kind === 'ident' && tok.text === 'resource' && this.peek().kind === 'string') {
      this.next();
      return { kind: 'resource', type: this.stringLiteral('a resource type').value, ...at };
    }
    if (tok.kind === 'ident') {
      this.next();
      return { kind: 'named', name: tok.text, ...at };
    }
    if (tok.kind === 'string' || tok.kind === 'number' || this.is('-')) {
      if (this.is('-')) this.next();
      this.next();
      return { kind: 'literal', ...at };
    }
    if (this.is('{')) {
      this.next();
      this.skipNewlines();
      const props: { key: string; type: TypeExpr; decorators: Decorator[] }[] = [];
      while (!this.is('}')) {
        const decorators = this.decorators();
        const key = this.t.kind === 'string' ? this.stringLiteral('a property name').value : this.is('*') ? this.next().text : this.ident('a property name').text;
        if (this.is('?')) this.next();
        this.expect(':', `':' after the property ${key}`);
        props.push({ key, type: this.type(), decorators });
        if (this.is(',')) this.next();
        if (!this.is('}') && this.t.kind !== 'newline') this.fail(`expected a line break or '}' after the property ${key}`);
        this.skipNewlines();
      }
      this.next();
      return { kind: 'object', props, ...at };
    }
    if (this.is('[')) {
      this.next();
      this.skipNewlines();
      const items: TypeExpr[] = [];
      while (!this.is(']')) {
        this.decorators();
        items.push(this.type());
        if (this.is(',')) this.next();
        this.skipNewlines();
      }
      this.next();
      return { kind: 'tuple', items, ...at };
    }
    if (this.is('(')) {
      this.next();
      const inner = this.type();
      this.expect(')');
      return inner;
    }
    return this.fail(`expected a type (string, int, bool, object, array, a declared type…) but found ${this.describe(tok)}`);
  }

  // ── expressions ──
  /** `inParens`: line breaks are allowed anywhere inside ( … ). */
  expression(inParens = false): Expr {
    const cond = this.binary(0, inParens);
    if (!this.is('?')) return cond;
    this.next();
    if (inParens) this.skipNewlines();
    const then = this.expression(inParens);
    if (inParens) this.skipNewlines();
    this.expect(':', "':' of the ternary ? :");
    if (inParens) this.skipNewlines();
    const otherwise = this.expression(inParens);
    return { kind: 'ternary', cond, then, else: otherwise, line: cond.line, col: cond.col };
  }

  private static readonly PRECEDENCE: Record<string, number> = {
    '??': 1, '||': 2, '&&': 3, '==': 4, '!=': 4, '=~': 4, '!~': 4, '<': 5, '<=': 5, '>': 5, '>=': 5, '+': 6, '-': 6, '*': 7, '/': 7, '%': 7,
  };

  private binary(minPrec: number, inParens: boolean): Expr {
    let left = this.unary(inParens);
    for (;;) {
      const op = this.t;
      const prec = op.kind === 'punct' ? Parser.PRECEDENCE[op.text] : undefined;
      if (prec === undefined || prec <= minPrec - 1 || prec < minPrec) return left;
      this.next();
      this.skipNewlines(); // a line may end after an operator
      const right = this.binary(prec + 1, inParens);
      left = { kind: 'binary', op: op.text, left, right, line: left.line, col: left.col };
    }
  }

  private unary(inParens: boolean): Expr {
    if (this.is('!') || this.is('-')) {
      const op = this.next();
      return { kind: 'unary', op: op.text, operand: this.unary(inParens), line: op.line, col: op.col };
    }
    return this.postfix(this.primary());
  }

  private postfix(e: Expr): Expr {
    for (;;) {
      if (this.is('.') || this.is('.?') || this.is('::')) {
        const op = this.next().text as '.' | '.?' | '::';
        const name = this.ident(`a property name after '${op}'`).text;
        e = { kind: 'member', object: e, name, op, line: e.line, col: e.col };
      } else if (this.is('[') || this.is('[?')) {
        this.next();
        const index = this.expression(true);
        this.expect(']', "']' closing the index");
        e = { kind: 'index', object: e, index, line: e.line, col: e.col };
      } else if (this.is('(') && (e.kind === 'ident' || e.kind === 'member')) {
        this.next();
        e = { kind: 'call', callee: e, args: this.args(), line: e.line, col: e.col };
      } else if (this.is('!') && !this.is('=', this.peek())) {
        this.next();
        e = { kind: 'unary', op: 'non-null', operand: e, line: e.line, col: e.col };
      } else return e;
    }
  }

  /** Arguments after '(' up to and including ')'. */
  private args(): Expr[] {
    const args: Expr[] = [];
    this.skipNewlines();
    while (!this.is(')')) {
      args.push(this.expression(true));
      this.skipNewlines();
      if (this.is(',')) {
        this.next();
        this.skipNewlines();
        if (this.is(')')) this.fail("expected an argument after ','");
      } else if (!this.is(')')) this.fail(`expected ',' or ')' in the arguments but found ${this.describe(this.t)}`);
    }
    this.next();
    return args;
  }

  private isLambdaAhead(): boolean {
    // `x =>` or `(a, b) =>`
    if (this.t.kind === 'ident' && this.is('=>', this.peek())) return true;
    if (!this.is('(')) return false;
    let k = this.p + 1;
    while (this.toks[k]?.kind === 'ident' || this.toks[k]?.text === ',' || this.toks[k]?.kind === 'newline') k++;
    return this.toks[k]?.text === ')' && this.toks[k + 1]?.text === '=>';
  }

  private primary(): Expr {
    const tok = this.t;
    const at = { line: tok.line, col: tok.col };
    if (this.isLambdaAhead()) {
      const params: string[] = [];
      if (this.is('(')) {
        this.next();
        while (!this.is(')')) {
          if (this.t.kind === 'ident') params.push(this.next().text);
          else this.next();
        }
      }
      else params.push(this.t.text);
      this.next();
      this.expect('=>');
      return { kind: 'lambda', params, body: this.expression(), ...at };
    }
    switch (tok.kind) {
      case 'number':
        this.next();
        return { kind: 'literal', value: Number(tok.text), ...at };
      case 'string': {
        this.next();
        const parts = tok.str!.interpolations.map((inner) => {
          const sub = new Parser(inner, this.paramFile);
          const e = sub.expression(true);
          sub.skipNewlines();
          if (sub.t.kind !== 'eof') sub.fail(`unexpected ${sub.describe(sub.t)} in \${…}`);
          return e;
        });
        return { kind: 'string', str: tok.str!, parts, ...at };
      }
      case 'ident': {
        if (tok.text === 'true' || tok.text === 'false') {
          this.next();
          return { kind: 'literal', value: tok.text === 'true', ...at };
        }
        if (tok.text === 'null') {
          this.next();
          return { kind: 'literal', value: null, ...at };
        }
        this.next();
        return { kind: 'ident', name: tok.text, ...at };
      }
      case 'punct':
        break;
      default:
        this.fail(`expected a value but found ${this.describe(tok)}`);
    }
    if (this.is('(')) {
      this.next();
      this.skipNewlines();
      const inner = this.expression(true);
      this.skipNewlines();
      this.expect(')', "')'");
      return inner;
    }
    if (this.is('{')) return this.object();
    if (this.is('[')) {
      this.next();
      if (this.is('for')) {
        this.next();
        const vars: string[] = [];
        if (this.is('(')) {
          this.next();
          vars.push(this.ident('a loop variable').text);
          this.expect(',', "',' between the item and index variables");
          vars.push(this.ident('an index variable').text);
          this.expect(')');
        } else vars.push(this.ident('a loop variable').text);
        this.expect('in', "'in'");
        const source = this.expression(true);
        this.expect(':', "':' after the for source");
        this.skipNewlines();
        const body = this.is('if') ? this.ifBody() : this.expression(true);
        this.skipNewlines();
        this.expect(']', "']' closing the for-expression");
        return { kind: 'for', vars, source, body, ...at };
      }
      const items: Expr[] = [];
      this.skipNewlines();
      while (!this.is(']')) {
        items.push(this.is('...') ? this.spread() : this.expression(true));
        if (this.is(',')) this.next();
        else if (this.t.kind !== 'newline' && !this.is(']')) this.fail(`expected a line break, ',' or ']' after an array item but found ${this.describe(this.t)}`);
        this.skipNewlines();
      }
      this.next();
      return { kind: 'array', items, ...at };
    }
    return this.fail(`expected a value but found ${this.describe(tok)}`);
  }

  private spread(): Expr {
    const at = this.next();
    return { kind: 'unary', op: '...', operand: this.expression(true), line: at.line, col: at.col };
  }

  private object(): Expr {
    const open = this.expect('{');
    const props: Prop[] = [];
    const keys = new Map<string, Token>();
    this.skipNewlines();
    while (!this.is('}')) {
      const decorators = this.decorators();
      const tok = this.t;
      if (this.is('...')) {
        props.push({ key: null, value: this.spread(), decorators, line: tok.line, col: tok.col });
      } else if (this.is('resource') && this.peek().kind === 'ident' && this.peek(2).kind === 'string') {
        this.next();
        const decl = this.resource(decorators, tok);
        props.push({ key: null, value: { kind: 'nested-resource', decl, line: tok.line, col: tok.col }, decorators, line: tok.line, col: tok.col });
      } else {
        const key = tok.kind === 'string' ? this.stringLiteral('a property name').value : this.ident('a property name').text;
        const prior = keys.get(key.toLowerCase());
        if (prior) this.fail(`property '${key}' is set twice in this object (first at ${prior.line}:${prior.col})`, tok);
        keys.set(key.toLowerCase(), tok);
        this.expect(':', `':' after the property name ${key}`);
        props.push({ key, value: this.expression(), decorators, line: tok.line, col: tok.col });
      }
      if (this.is(',')) this.next();
      if (!this.is('}') && this.t.kind !== 'newline') this.fail(`expected a line break, ',' or '}' after a property but found ${this.describe(this.t)}`);
      this.skipNewlines();
    }
    this.next();
    return { kind: 'object', props, line: open.line, col: open.col };
  }
}

/** Parses one Bicep (or .bicepparam) source; throws a BicepSyntaxError with its position. */
export function parseBicep(src: string, paramFile = false): Declaration[] {
  return new Parser(tokenize(src), paramFile).file();
}

// ───────────────────────────── names of the language ─────────────────────────────

const FUNCTIONS = new Set(
  `any array bool int json string concat contains empty endsWith first format guid indexOf join last lastIndexOf
  length max min padLeft range replace skip split startsWith substring take toLower toUpper trim union intersection
  uniqueString uri uriComponent uriComponentToString base64 base64ToJson base64ToString dataUri dataUriToString newGuid
  utcNow dateTimeAdd dateTimeFromEpoch dateTimeToEpoch coalesce items filter map reduce sort toObject flatten
  mapValues groupBy objectKeys shallowMerge tryGet tryIndexFromEnd indexFromEnd buildUri parseUri loadTextContent
  loadFileAsBase64 loadJsonContent loadYamlContent loadDirectoryFileInfo readEnvironmentVariable getSecret
  resourceGroup subscription tenant managementGroup deployment deployer environment resourceId
  subscriptionResourceId tenantResourceId managementGroupResourceId extensionResourceId reference pickZones providers
  cidrHost cidrSubnet parseCidr fail externalInput`.split(/\s+/),
);
const DECORATORS = new Set(
  'description secure minLength maxLength minValue maxValue allowed metadata batchSize export sealed discriminator onlyIfNotExists'.split(' '),
);
const NAMESPACES = new Set(['az', 'sys']);
const TARGET_SCOPES = new Set(['resourceGroup', 'subscription', 'managementGroup', 'tenant', 'desiredStateConfiguration', 'local']);
const RESOURCE_TYPE = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+(\/[A-Za-z][A-Za-z0-9-]*)+@(\d{4})-(\d{2})-(\d{2})(-(preview|beta|alpha|privatepreview))?$/;
const SECRET_PARAM_NAME = /(password|secret|token|apikey|accesskey|sharedkey|sastoken)$/i;
/** literals that look like a credential */
const SECRET_LITERALS: { what: string; re: RegExp }[] = [
  { what: 'a JSON web token', re: /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  { what: 'an Azure storage or Service Bus key', re: /(AccountKey|SharedAccessKey|SharedAccessSignature)=[^;'\s]{8,}/i },
  { what: 'a password in a connection string', re: /(password|pwd)\s*=\s*[^;'\s{$]{4,}/i },
  { what: 'a private key', re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: 'a Twilio API key or auth token', re: /\b(SK[0-9a-f]{32}|[0-9a-f]{32})\b/ },
  { what: 'an Entra client secret', re: /\b[A-Za-z0-9_~.-]{3}8Q~[A-Za-z0-9_~.-]{31,34}\b/ },
  { what: 'a GitHub or npm token', re: /\b(gh[pousr]_[A-Za-z0-9]{30,}|npm_[A-Za-z0-9]{30,})\b/ },
  { what: 'a long high-entropy string', re: /^(?!\/)(?=.*[a-z])(?=.*[A-Z])(?=.*[0-9])[A-Za-z0-9+/=_-]{32,}$/ },
];

// ───────────────────────────── checking ─────────────────────────────

interface ParsedFile {
  readonly path: string;
  readonly decls: Declaration[];
}

export interface CheckResult {
  readonly files: string[];
  readonly diagnostics: Diagnostic[];
  /** 'tree-sitter-bicep@x' when that grammar parsed the .bicep files too; null when not installed */
  readonly treeSitter: string | null;
}

export interface CheckOptions {
  /** fail when web-tree-sitter / tree-sitter-bicep cannot be loaded */
  readonly requireTreeSitter?: boolean;
  /** skip the tree-sitter pass even if installed */
  readonly treeSitter?: boolean;
}

class Checker {
  readonly diagnostics: Diagnostic[] = [];
  private readonly parsed = new Map<string, ParsedFile | null>();

  report(file: string, pos: Pos, message: string, severity: 'error' | 'warning' = 'error'): void {
    this.diagnostics.push({ file, line: pos.line, col: pos.col, severity, message });
  }

  load(path: string): ParsedFile | null {
    const key = resolve(path);
    if (this.parsed.has(key)) return this.parsed.get(key)!;
    this.parsed.set(key, null); // a cycle reads as "not loaded"
    let result: ParsedFile | null = null;
    try {
      const decls = parseBicep(readFileSync(key, 'utf8'), key.endsWith('.bicepparam'));
      result = { path: key, decls };
    } catch (e) {
      if (e instanceof BicepSyntaxError) this.report(key, e, `syntax: ${e.message}`);
      else throw e;
    }
    this.parsed.set(key, result);
    if (result) this.checkFile(result);
    return result;
  }

  private checkFile(f: ParsedFile): void {
    const paramFile = f.path.endsWith('.bicepparam');
    const symbols = new Map<string, Declaration>();
    const outputs = new Map<string, Declaration>();
    for (const d of f.decls) {
      if (d.keyword === 'output') {
        if (outputs.has(d.name)) this.report(f.path, d, `output '${d.name}' is declared twice`);
        outputs.set(d.name, d);
        continue;
      }
      if (['targetScope', 'using', 'extends', 'metadata'].includes(d.keyword)) continue;
      const names = d.keyword === 'import' || d.keyword === 'extension' || d.keyword === 'provider' ? (d.names ?? []) : [d.name];
      for (const n of names) {
        const prior = symbols.get(n);
        if (prior) this.report(f.path, d, `'${n}' is already declared at line ${prior.line}`);
        else symbols.set(n, d);
      }
    }
    const used = new Set<string>();
    const secureParams = new Set(f.decls.filter((d) => d.keyword === 'param' && d.decorators.some((x) => x.name.replace(/^sys\./, '') === 'secure')).map((d) => d.name));

    for (const d of f.decls) {
      for (const dec of d.decorators) this.checkDecorator(f, dec, symbols, used);
      if (d.type) this.checkType(f, d.type, symbols, used);
      const scope = d.keyword === 'func' ? [new Set(d.names)] : [];
      if (d.value) this.checkExpr(f, d.value, symbols, scope, used);

      switch (d.keyword) {
        case 'targetScope': {
          const v = d.value;
          const text = v?.kind === 'string' && v.parts.length === 0 ? v.str.pieces[0]! : null;
          if (text === null || !TARGET_SCOPES.has(text)) this.report(f.path, d, `targetScope must be one of ${[...TARGET_SCOPES].map((s) => `'${s}'`).join(', ')}`);
          break;
        }
        case 'resource':
          this.checkResource(f, d);
          break;
        case 'module':
          this.checkModule(f, d);
          break;
        case 'param':
          if (!paramFile) this.checkParam(f, d, secureParams.has(d.name));
          break;
        case 'output':
          this.checkOutput(f, d, secureParams);
          break;
        case 'using':
          this.checkUsing(f, d);
          break;
        case 'import':
          if (d.target && /^\.{0,2}\//.test(d.target) && !existsSync(resolve(dirname(f.path), d.target))) this.report(f.path, d, `imported file '${d.target}' does not exist`);
          break;
      }
    }
    this.checkSecretLiterals(f);

    if (!paramFile) {
      for (const d of f.decls) {
        if ((d.keyword === 'param' || d.keyword === 'var') && !used.has(d.name)) {
          this.report(f.path, d, `${d.keyword === 'param' ? 'parameter' : 'variable'} '${d.name}' is declared but never used`, 'warning');
        }
      }
    }
  }

  private checkDecorator(f: ParsedFile, dec: Decorator, symbols: Map<string, Declaration>, used: Set<string>): void {
    const bare = dec.name.replace(/^sys\./, '');
    if (!DECORATORS.has(bare) && !symbols.has(dec.name)) this.report(f.path, dec, `unknown decorator @${dec.name}`);
    for (const a of dec.args) this.checkExpr(f, a, symbols, [], used);
  }

  private checkType(f: ParsedFile, t: TypeExpr, symbols: Map<string, Declaration>, used: Set<string>): void {
    switch (t.kind) {
      case 'named': {
        const root = t.name.split('.')[0]!;
        if (PRIMITIVE_TYPES.has(t.name)) return;
        const d = symbols.get(root);
        if (d && (d.keyword === 'type' || d.keyword === 'import')) used.add(root);
        else if (!(NAMESPACES.has(root) && t.name.includes('.'))) this.report(f.path, t, `unknown type '${t.name}' (not string, int, bool, object, array nor a declared type)`);
        return;
      }
      case 'resource':
        if (!RESOURCE_TYPE.test(t.type)) this.report(f.path, t, `'${t.type}' is not a resource type 'Provider.Namespace/type@yyyy-mm-dd'`);
        return;
      case 'object':
        for (const p of t.props) this.checkType(f, p.type, symbols, used);
        return;
      case 'tuple':
      case 'union':
        for (const x of t.kind === 'tuple' ? t.items : t.of) this.checkType(f, x, symbols, used);
        return;
      case 'array':
      case 'nullable':
        this.checkType(f, t.of, symbols, used);
        return;
      default:
        return;
    }
  }

  /** Every identifier resolves; every function is known; `<module>.outputs.x` exists. */
  private checkExpr(f: ParsedFile, e: Expr, symbols: Map<string, Declaration>, scopes: Set<string>[], used: Set<string>): void {
    const walk = (x: Expr, sc: Set<string>[]): void => {
      switch (x.kind) {
        case 'ident': {
          if (sc.some((s) => s.has(x.name))) return;
          const d = symbols.get(x.name);
          if (!d) {
            this.report(f.path, x, NAMESPACES.has(x.name) ? `namespace '${x.name}' used as a value` : `'${x.name}' is not declared`);
            return;
          }
          if (d.keyword === 'type' || d.keyword === 'func') this.report(f.path, x, `'${x.name}' is a ${d.keyword}, not a value`);
          used.add(x.name);
          return;
        }
        case 'literal':
          return;
        case 'string':
          x.parts.forEach((p) => walk(p, sc));
          return;
        case 'object': {
          const nested = new Set(x.props.filter((p) => p.value.kind === 'nested-resource').map((p) => (p.value as { decl: Declaration }).decl.name));
          const inner = nested.size > 0 ? [...sc, nested] : sc;
          for (const p of x.props) {
            for (const dec of p.decorators) this.checkDecorator(f, dec, symbols, used);
            walk(p.value, inner);
          }
          return;
        }
        case 'nested-resource':
          this.checkResource(f, x.decl);
          if (x.decl.value) walk(x.decl.value, sc);
          return;
        case 'array':
          x.items.forEach((i) => walk(i, sc));
          return;
        case 'for':
          walk(x.source, sc);
          walk(x.body, [...sc, new Set(x.vars)]);
          return;
        case 'lambda':
          walk(x.body, [...sc, new Set(x.params)]);
          return;
        case 'if':
          walk(x.cond, sc);
          walk(x.body, sc);
          return;
        case 'call': {
          x.args.forEach((a) => walk(a, sc));
          const c = x.callee;
          if (c.kind === 'ident') {
            const d = symbols.get(c.name);
            if (d?.keyword === 'func' || d?.keyword === 'import') used.add(c.name);
            else if (!FUNCTIONS.has(c.name) && !/^list[A-Z]/.test(c.name)) this.report(f.path, c, `unknown function '${c.name}()'`);
          } else if (c.kind === 'member' && c.object.kind === 'ident' && NAMESPACES.has(c.object.name) && !symbols.has(c.object.name)) {
            if (!FUNCTIONS.has(c.name) && !/^list[A-Z]/.test(c.name)) this.report(f.path, c, `unknown function '${c.object.name}.${c.name}()'`);
          } else walk(c, sc);
          return;
        }
        case 'member': {
          if (x.object.kind === 'member' && x.object.name === 'outputs' && x.object.object.kind === 'ident') {
            const mod = symbols.get(x.object.object.name);
            if (mod?.keyword === 'module' && mod.target) this.checkModuleOutput(f, mod, x.name, x);
          }
          if (x.object.kind === 'ident' && NAMESPACES.has(x.object.name) && !symbols.has(x.object.name)) return;
          walk(x.object, sc);
          return;
        }
        case 'index':
          walk(x.object, sc);
          walk(x.index, sc);
          return;
        case 'unary':
          walk(x.operand, sc);
          return;
        case 'binary':
          walk(x.left, sc);
          walk(x.right, sc);
          return;
        case 'ternary':
          walk(x.cond, sc);
          walk(x.then, sc);
          walk(x.else, sc);
          return;
      }
    };
    walk(e, scopes);
  }

  private checkResource(f: ParsedFile, d: Declaration): void {
    const type = d.target ?? '';
    const m = RESOURCE_TYPE.exec(type);
    if (!m) {
      this.report(f.path, d.targetPos ?? d, `resource '${d.name}': '${type}' is not a resource type 'Provider.Namespace/type[/child]@yyyy-mm-dd[-preview]'`);
    } else {
      const [y, mo, da] = [Number(m[3]), Number(m[4]), Number(m[5])];
      const date = new Date(Date.UTC(y, mo - 1, da));
      if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== da || y < 2014) this.report(f.path, d.targetPos ?? d, `resource '${d.name}': API version date ${m[3]}-${m[4]}-${m[5]} is not a real date`);
    }
    const body = bodyObject(d.value);
    if (!body) return;
    const keys = new Set(body.props.map((p) => p.key).filter((k): k is string => k !== null));
    if (!keys.has('name')) this.report(f.path, body, `resource '${d.name}' has no name`);
    if (keys.has('parent') && type.split('@')[0]!.split('/').length < 3) this.report(f.path, body, `resource '${d.name}' has a parent but '${type}' is not a child type`);
    if (d.existing) {
      for (const k of ['properties', 'location', 'tags', 'sku', 'kind', 'identity', 'dependsOn']) {
        if (keys.has(k)) this.report(f.path, body, `resource '${d.name}' is 'existing': '${k}' cannot be set`);
      }
    }
  }

  private modulePath(f: ParsedFile, d: Declaration): string | null {
    const path = d.target ?? '';
    if (/^(br|ts)[:/]/.test(path)) return null; // registry or template spec: cannot be fetched here
    return resolve(dirname(f.path), path);
  }

  private checkModule(f: ParsedFile, d: Declaration): void {
    const path = this.modulePath(f, d);
    if (path === null) {
      this.report(f.path, d.targetPos ?? d, `module '${d.name}': registry module '${d.target}' cannot be checked offline`, 'warning');
      return;
    }
    if (!/\.(bicep|json)$/.test(path)) {
      this.report(f.path, d.targetPos ?? d, `module '${d.name}': '${d.target}' must be a .bicep or .json file`);
      return;
    }
    if (!existsSync(path)) {
      this.report(f.path, d.targetPos ?? d, `module '${d.name}': file '${d.target}' does not exist`);
      return;
    }
    if (!path.endsWith('.bicep')) return;
    const mod = this.load(path);
    const body = bodyObject(d.value);
    if (!mod || !body) return;
    for (const p of body.props) {
      if (p.key !== null && !['name', 'params', 'scope', 'dependsOn', 'identity'].includes(p.key)) this.report(f.path, p, `module '${d.name}': '${p.key}' is not a module property (name, params, scope, dependsOn)`);
    }
    const paramsProp = body.props.find((p) => p.key === 'params');
    const given = new Map<string, Pos>();
    if (paramsProp) {
      if (paramsProp.value.kind !== 'object') return; // computed: cannot tell
      for (const p of paramsProp.value.props) if (p.key !== null) given.set(p.key, p);
      if (paramsProp.value.props.some((p) => p.key === null)) return; // spread: cannot tell
    }
    const declared = new Map(mod.decls.filter((x) => x.keyword === 'param').map((x) => [x.name, x]));
    for (const [name, pos] of given) {
      if (!declared.has(name)) this.report(f.path, pos, `module '${d.name}': ${relative(dirname(f.path), path)} has no parameter '${name}'`);
    }
    for (const [name, p] of declared) {
      if (!given.has(name) && !p.value && p.type?.kind !== 'nullable') this.report(f.path, d, `module '${d.name}': required parameter '${name}' of ${relative(dirname(f.path), path)} is not set`);
    }
  }

  private checkModuleOutput(f: ParsedFile, mod: Declaration, output: string, at: Pos): void {
    const path = this.modulePath(f, mod);
    if (!path || !path.endsWith('.bicep') || !existsSync(path)) return;
    const parsed = this.load(path);
    if (parsed && !parsed.decls.some((x) => x.keyword === 'output' && x.name === output)) {
      this.report(f.path, at, `module '${mod.name}' (${relative(dirname(f.path), path)}) has no output '${output}'`);
    }
  }

  private checkParam(f: ParsedFile, d: Declaration, secure: boolean): void {
    if (SECRET_PARAM_NAME.test(d.name) && !secure) this.report(f.path, d, `parameter '${d.name}' looks like a secret: mark it @secure()`);
    if (secure && d.value && !(d.value.kind === 'string' && d.value.parts.length === 0 && d.value.str.pieces.join('') === '')) {
      this.report(f.path, d, `secure parameter '${d.name}' has a default value: a secret cannot live in the template`);
    }
  }

  private checkOutput(f: ParsedFile, d: Declaration, secureParams: Set<string>): void {
    let leak: string | null = null;
    visit(d.value, (x) => {
      if (x.kind === 'ident' && secureParams.has(x.name)) leak = `secure parameter '${x.name}'`;
      if (x.kind === 'call' && x.callee.kind === 'member' && /^(list|getSecret)/.test(x.callee.name)) leak = `${x.callee.name}()`;
    });
    if (leak) this.report(f.path, d, `output '${d.name}' exposes ${leak}: deployment outputs are readable by anyone who can read the deployment`);
  }

  private checkUsing(f: ParsedFile, d: Declaration): void {
    if (d.target === 'none') return;
    const path = resolve(dirname(f.path), d.target ?? '');
    if (!existsSync(path)) {
      this.report(f.path, d.targetPos ?? d, `using: template '${d.target}' does not exist`);
      return;
    }
    const tpl = this.load(path);
    if (!tpl) return;
    const params = new Map(tpl.decls.filter((x) => x.keyword === 'param').map((x) => [x.name, x]));
    const set = new Map(f.decls.filter((x) => x.keyword === 'param').map((x) => [x.name, x]));
    for (const [name, decl] of set) {
      const p = params.get(name);
      if (!p) {
        this.report(f.path, decl, `parameter '${name}' is not declared in ${basename(path)}`);
        continue;
      }
      const secure = p.decorators.some((x) => x.name.replace(/^sys\./, '') === 'secure');
      if (secure && containsLiteralString(decl.value)) {
        this.report(f.path, decl, `secure parameter '${name}' is set from a literal: read it with readEnvironmentVariable(…) or az.getSecret(…)`);
      }
    }
    for (const [name, p] of params) {
      if (!set.has(name) && !p.value && p.type?.kind !== 'nullable') this.report(f.path, d, `required parameter '${name}' of ${basename(path)} is not set in this file`);
    }
  }

  private checkSecretLiterals(f: ParsedFile): void {
    const strings: Extract<Expr, { kind: 'string' }>[] = [];
    for (const d of f.decls) {
      visit(d.value, (x) => {
        if (x.kind === 'string') strings.push(x);
      });
      for (const dec of d.decorators) for (const a of dec.args) visit(a, (x) => x.kind === 'string' && strings.push(x));
    }
    for (const s of strings) {
      const text = s.str.pieces.join('\u0000');
      if (text.startsWith('@Microsoft.KeyVault(') || text.includes('@Microsoft.KeyVault(')) {
        const whole = s.str.pieces.join('${}');
        if (!/^@Microsoft\.KeyVault\((SecretUri=|VaultName=[^;]+;SecretName=)[^)]*\)$/.test(whole)) this.report(f.path, s, `malformed Key Vault reference '${whole}': expected @Microsoft.KeyVault(SecretUri=…)`);
        continue;
      }
      for (const piece of s.str.pieces) {
        const hit = SECRET_LITERALS.find((p) => p.re.test(piece));
        if (hit) {
          this.report(f.path, s, `this string looks like ${hit.what}: secrets go in Key Vault, not in files`);
          break;
        }
      }
    }
  }
}

function bodyObject(e: Expr | undefined): Extract<Expr, { kind: 'object' }> | null {
  if (!e) return null;
  if (e.kind === 'object') return e;
  if (e.kind === 'if') return bodyObject(e.body);
  if (e.kind === 'for') return bodyObject(e.body);
  return null;
}

function visit(e: Expr | undefined, fn: (x: Expr) => void): void {
  if (!e) return;
  fn(e);
  switch (e.kind) {
    case 'string':
      e.parts.forEach((p) => visit(p, fn));
      break;
    case 'object':
      e.props.forEach((p) => visit(p.value, fn));
      break;
    case 'nested-resource':
      visit(e.decl.value, fn);
      break;
    case 'array':
      e.items.forEach((i) => visit(i, fn));
      break;
    case 'for':
      visit(e.source, fn);
      visit(e.body, fn);
      break;
    case 'if':
      visit(e.cond, fn);
      visit(e.body, fn);
      break;
    case 'lambda':
      visit(e.body, fn);
      break;
    case 'call':
      visit(e.callee, fn);
      e.args.forEach((a) => visit(a, fn));
      break;
    case 'member':
      visit(e.object, fn);
      break;
    case 'index':
      visit(e.object, fn);
      visit(e.index, fn);
      break;
    case 'unary':
      visit(e.operand, fn);
      break;
    case 'binary':
      visit(e.left, fn);
      visit(e.right, fn);
      break;
    case 'ternary':
      visit(e.cond, fn);
      visit(e.then, fn);
      visit(e.else, fn);
      break;
    default:
      break;
  }
}

/** True when the value is (or falls back to) a non-empty string literal, not read from elsewhere. */
function containsLiteralString(e: Expr | undefined): boolean {
  if (!e) return false;
  if (e.kind === 'string') return e.str.pieces.join('') !== '' || e.parts.some(containsLiteralString);
  if (e.kind === 'binary' || e.kind === 'ternary') {
    let found = false;
    visit(e, (x) => {
      if (x !== e && x.kind === 'string' && x.str.pieces.join('') !== '') found = true;
    });
    return found;
  }
  return false;
}

// ───────────────────────────── tree-sitter (optional) ─────────────────────────────

interface TsNode {
  readonly type: string;
  readonly isError: boolean;
  readonly isMissing: boolean;
  readonly hasError: boolean;
  readonly startPosition: { row: number; column: number };
  readonly children: (TsNode | null)[];
}

/** Loads web-tree-sitter and the Bicep grammar when installed; null otherwise. */
async function loadTreeSitter(): Promise<{ version: string; parse: (src: string) => TsNode } | null> {
  const require = createRequire(import.meta.url);
  let grammarDir: string;
  let webTs: string;
  try {
    grammarDir = dirname(require.resolve('tree-sitter-bicep/package.json'));
    webTs = require.resolve('web-tree-sitter');
  } catch {
    return null;
  }
  const wasm = join(grammarDir, 'tree-sitter-bicep.wasm');
  if (!existsSync(wasm)) return null;
  const mod = (await import(pathToFileURL(webTs).href)) as {
    Parser: { init(): Promise<void>; new (): { setLanguage(l: unknown): void; parse(s: string): { rootNode: TsNode } | null } };
    Language: { load(path: string): Promise<unknown> };
  };
  const { Parser: TsParser, Language } = 'Parser' in mod ? mod : ((mod as unknown as { default: typeof mod }).default);
  await TsParser.init();
  const language = await Language.load(wasm);
  const parser = new TsParser();
  parser.setLanguage(language);
  const version = (JSON.parse(readFileSync(join(grammarDir, 'package.json'), 'utf8')) as { version: string }).version;
  return {
    version: `tree-sitter-bicep@${version}`,
    parse: (src) => {
      const tree = parser.parse(src);
      if (!tree) throw new Error('tree-sitter returned no tree');
      return tree.rootNode;
    },
  };
}

function treeSitterErrors(root: TsNode): { line: number; col: number; message: string }[] {
  const out: { line: number; col: number; message: string }[] = [];
  const walk = (n: TsNode): void => {
    if (n.isError || n.isMissing) {
      out.push({ line: n.startPosition.row + 1, col: n.startPosition.column + 1, message: n.isMissing ? `missing ${n.type}` : 'unexpected text' });
      return;
    }
    if (!n.hasError) return;
    for (const c of n.children) if (c) walk(c);
  };
  walk(root);
  return out;
}

// ───────────────────────────── entry points ─────────────────────────────

function bicepFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...bicepFiles(p));
    else if (/\.(bicep|bicepparam)$/.test(entry)) out.push(p);
  }
  return out.sort();
}

/** Checks every .bicep and .bicepparam file under `dir`. */
export async function checkInfra(dir: string, options: CheckOptions = {}): Promise<CheckResult> {
  const files = bicepFiles(resolve(dir));
  const checker = new Checker();
  if (files.length === 0) checker.report(resolve(dir), { line: 1, col: 1 }, 'no .bicep file found');
  if (!files.some((f) => f.endsWith('.bicepparam')) && files.length > 0) checker.report(resolve(dir), { line: 1, col: 1 }, 'no .bicepparam parameters file found');
  for (const f of files) checker.load(f);

  let treeSitter: string | null = null;
  if (options.treeSitter !== false) {
    const ts = await loadTreeSitter();
    if (ts) {
      treeSitter = ts.version;
      // The grammar knows .bicep only (not the newer .bicepparam syntax).
      for (const f of files.filter((x) => x.endsWith('.bicep'))) {
        for (const e of treeSitterErrors(ts.parse(readFileSync(f, 'utf8')))) checker.report(f, e, `syntax (${ts.version}): ${e.message}`);
      }
    } else if (options.requireTreeSitter) {
      checker.report(resolve(dir), { line: 1, col: 1 }, 'web-tree-sitter and tree-sitter-bicep are not installed (npm i -D web-tree-sitter tree-sitter-bicep)');
    }
  }
  const order = (d: Diagnostic): string => `${d.file}\u0000${String(d.line).padStart(6, '0')}${String(d.col).padStart(6, '0')}`;
  checker.diagnostics.sort((a, b) => order(a).localeCompare(order(b)));
  return { files, diagnostics: checker.diagnostics, treeSitter };
}

/** The keys of a `var NAME = { … }` object in a Bicep file (e.g. the app settings of web.bicep). */
export function objectVariableKeys(file: string, variable: string): string[] {
  const decl = parseBicep(readFileSync(file, 'utf8')).find((d) => d.keyword === 'var' && d.name === variable);
  if (!decl || decl.value?.kind !== 'object') throw new Error(`${file}: no object variable '${variable}'`);
  return decl.value.props.map((p) => p.key).filter((k): k is string => k !== null);
}

async function main(argv: string[]): Promise<number> {
  const requireTreeSitter = argv.includes('--require-tree-sitter');
  const dir = argv.find((a) => !a.startsWith('--')) ?? join(dirname(new URL(import.meta.url).pathname), '..', 'infra');
  const result = await checkInfra(dir, { requireTreeSitter });
  for (const d of result.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.length - errors;
  process.stdout.write(
    `check-infra: ${result.files.length} files, ${errors} errors, ${warnings} warnings ` +
      `(own Bicep parser${result.treeSitter ? ` + ${result.treeSitter}` : '; tree-sitter-bicep not installed'})\n`,
  );
  return errors > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  process.exitCode = await main(process.argv.slice(2));
}
