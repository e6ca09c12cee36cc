import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { EtlError, parseEtlSource, runEtl, type EtlFormat, type EtlSource, type EtlSummary } from '../../core/etl/index.ts';
import { UsageError, openAppDb, printJson } from '../context.ts';

const SHOWN_REJECTS = 10;

export function formatSummary(s: EtlSummary): string {
  const lines = [
    `batch ${s.batchId} · ${s.source} · ${s.fileName} (${s.format})`,
    `read ${s.read} · loaded ${s.loaded} · unchanged ${s.unchanged} · rejected ${s.rejected}`,
  ];
  for (const r of s.rejects.slice(0, SHOWN_REJECTS)) lines.push(`  line ${r.line}: ${r.reason}`);
  if (s.rejected > SHOWN_REJECTS) lines.push(`  … ${s.rejected - SHOWN_REJECTS} more in etl_rejects (batch_id ${s.batchId})`);
  for (const w of s.warnings.slice(0, SHOWN_REJECTS)) lines.push(`  warning, line ${w.line}: ${w.reason}`);
  return lines.join('\n') + '\n';
}

export function registerEtl(program: Command): void {
  program
    .command('etl')
    .description('load a source file (erp, mobile, portal, survey) into the warehouse; bad rows go to etl_rejects')
    .argument('<source>', 'erp | mobile | portal | survey')
    .argument('<file>', 'a CSV (";" or "," delimited) or JSON file')
    .option('--entity <entity>', 'ERP only: clients | contrats | interventions | devis (default: from the rows or the file name)')
    .option('--format <format>', 'csv | json (default: from the extension or the content)')
    .option('--json', 'print the summary as JSON')
    .action(async (sourceArg: string, file: string, opts: { entity?: string; format?: string; json?: boolean }) => {
      let source: EtlSource;
      try {
        source = parseEtlSource(sourceArg);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      if (opts.format !== undefined && opts.format !== 'csv' && opts.format !== 'json') throw new UsageError(`--format must be csv or json, got "${opts.format}"`);
      if (opts.entity !== undefined && source !== 'erp') throw new UsageError('--entity applies to the erp source only');
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new UsageError(code === 'ENOENT' ? `file not found: ${file}` : `cannot read ${file}: ${(e as Error).message}`);
      }
      const db = await openAppDb();
      try {
        const summary = runEtl(db, source, { fileName: basename(file), text, format: opts.format as EtlFormat | undefined, entity: opts.entity });
        if (opts.json) printJson(summary);
        else process.stdout.write(formatSummary(summary));
      } catch (e) {
        if (e instanceof EtlError) throw new Error(`${file}: ${e.message}${e.batchId ? ` (recorded as batch ${e.batchId}, etl_rejects line 0)` : ''}`);
        throw e;
      } finally {
        db.close();
      }
    });
}
