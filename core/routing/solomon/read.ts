import type { VrptwInstance, VrptwNode } from '../vrptw/types.ts';

/** A Solomon file that cannot be read; `line` is 1-based. */
export class SolomonFormatError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? `Solomon file: ${message}` : `Solomon file, line ${line}: ${message}`);
  }
}

interface Line {
  no: number;
  text: string;
}

/**
 * Reads a Solomon VRPTW file: name, `VEHICLE` / `NUMBER CAPACITY` / values, `CUSTOMER`, a header row, then
 * `CUST_NO X Y DEMAND READY DUE SERVICE` rows, node 0 being the depot. Tolerates CRLF, odd spacing,
 * trailing spaces and a missing final newline.
 */
export function readSolomon(text: string): VrptwInstance {
  const lines: Line[] = text
    .split(/\r\n|\r|\n/)
    .map((t, i) => ({ no: i + 1, text: t.trim() }))
    .filter((l) => l.text !== '');
  const first = lines[0];
  if (!first) throw new SolomonFormatError('the file is empty');
  const name = first.text;

  const vehicleIdx = lines.findIndex((l) => /^VEHICLE$/i.test(l.text));
  if (vehicleIdx < 0) throw new SolomonFormatError('no "VEHICLE" section');
  const header = lines[vehicleIdx + 1];
  if (!header || !/^NUMBER\s+CAPACITY$/i.test(header.text)) {
    throw new SolomonFormatError('expected "NUMBER CAPACITY" after "VEHICLE"', header?.no);
  }
  const values = lines[vehicleIdx + 2];
  if (!values) throw new SolomonFormatError('missing vehicle number and capacity', header.no + 1);
  const vc = numbers(values, 2, 'vehicle number and capacity');
  const [vehicles, capacity] = vc as [number, number];
  if (!Number.isInteger(vehicles) || vehicles < 1) throw new SolomonFormatError(`vehicle number must be a positive integer, got ${vehicles}`, values.no);
  if (!(capacity > 0)) throw new SolomonFormatError(`capacity must be positive, got ${capacity}`, values.no);

  const customerIdx = lines.findIndex((l, i) => i > vehicleIdx && /^CUSTOMER$/i.test(l.text));
  if (customerIdx < 0) throw new SolomonFormatError('no "CUSTOMER" section');
  const columns = lines[customerIdx + 1];
  if (!columns || !/^CUST/i.test(columns.text)) throw new SolomonFormatError('expected the column header "CUST NO. XCOORD. ..." after "CUSTOMER"', columns?.no);

  const nodes: VrptwNode[] = [];
  for (const line of lines.slice(customerIdx + 2)) {
    const [id, x, y, demand, ready, due, service] = numbers(line, 7, 'customer row') as [number, number, number, number, number, number, number];
    if (id !== nodes.length) throw new SolomonFormatError(`expected customer number ${nodes.length}, got ${id}`, line.no);
    if (demand < 0) throw new SolomonFormatError(`customer ${id}: negative demand ${demand}`, line.no);
    if (service < 0) throw new SolomonFormatError(`customer ${id}: negative service time ${service}`, line.no);
    if (ready > due) throw new SolomonFormatError(`customer ${id}: ready time ${ready} is after due date ${due}`, line.no);
    nodes.push({ id, x, y, demand, ready, due, service });
  }
  if (nodes.length < 2) throw new SolomonFormatError('needs the depot (0) and at least one customer');
  return { name, vehicles, capacity, nodes };
}

function numbers(line: Line, count: number, what: string): number[] {
  const fields = line.text.split(/\s+/);
  if (fields.length !== count) throw new SolomonFormatError(`${what}: expected ${count} numbers, got ${fields.length} ("${line.text}")`, line.no);
  return fields.map((f) => {
    const v = Number(f);
    if (!Number.isFinite(v)) throw new SolomonFormatError(`${what}: "${f}" is not a number`, line.no);
    return v;
  });
}
