/**
 * Where a JSON text first goes wrong. V8's JSON.parse messages do not always give a position
 * ("Unexpected token '}', "…" is not valid JSON"), so this small validating scanner finds it.
 */
export interface JsonFault {
  /** 0-based character offset */
  readonly position: number;
  readonly line: number;
  readonly column: number;
  readonly what: string;
}

class Fault extends Error {
  constructor(
    readonly position: number,
    readonly what: string,
  ) {
    super(what);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function locateJsonFault(text: string): JsonFault | null {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const unexpected = (): Fault => (i >= text.length ? new Fault(i, 'unexpected end of input') : new Fault(i, `unexpected ${JSON.stringify(text[i])}`));
  const expect = (c: string): void => {
    ws();
    if (text[i] !== c) throw i >= text.length ? unexpected() : new Fault(i, `expected ${JSON.stringify(c)}, found ${JSON.stringify(text[i])}`);
    i++;
  };
  const string = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) throw new Fault(i, 'unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) throw new Fault(i, 'control character (e.g. a line break) inside a string');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Fault(i, 'bad \\u escape');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else throw new Fault(i, 'bad escape in a string');
      } else i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') throw i >= text.length ? unexpected() : new Fault(i, `expected a property name in double quotes, found ${JSON.stringify(text[i])}`);
        string();
        expect(':');
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else throw i >= text.length ? unexpected() : new Fault(i, `expected "," or "}" after a property, found ${JSON.stringify(text[i])}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else throw i >= text.length ? unexpected() : new Fault(i, `expected "," or "]" after an array element, found ${JSON.stringify(text[i])}`);
      }
    }
    if (c === '"') return string();
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) return void (i += lit.length);
    }
    NUMBER.lastIndex = i;
    if (NUMBER.exec(text)) return void (i = NUMBER.lastIndex);
    throw unexpected();
  };
  try {
    value();
    ws();
    if (i < text.length) throw new Fault(i, `unexpected ${JSON.stringify(text[i])} after the end of the JSON value`);
    return null;
  } catch (e) {
    if (!(e instanceof Fault)) throw e;
    const before = text.slice(0, e.position);
    const line = before.split('\n').length;
    return { position: e.position, line, column: e.position - before.lastIndexOf('\n'), what: e.what };
  }
}
