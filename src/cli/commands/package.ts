// `aiep package validate FILE` (offline: completeness and US content) and `aiep package import FILE`.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ManifestSchema, type Manifest } from '#shared/contracts/package.ts';
import { checkCompleteness } from '#shared/domain/completeness.ts';
import { computeUsContent } from '#shared/domain/us-content.ts';
import { AppError } from '#shared/errors.ts';
import { loadActor } from '../../server/modules/auth/auth.service.ts';
import { findLoginUser } from '../../server/modules/users/users.service.ts';
import { importManifest } from '../../server/modules/proposals/proposals.manifest.ts';
import { withDatabase } from '../db.ts';
import { defaultReferenceData } from '../../engines/export-control/reference-data.ts';
import { buildMatrixView } from '../../server/modules/compliance/compliance.matrix.ts';
import { expandMarkets } from '#shared/reference/geography.ts';
import { clockFromEnv } from '../../server/lib/clock.ts';

const EXIT_INCOMPLETE = 3;

async function readManifest(file: string): Promise<Manifest> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${file} is not a valid package manifest:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Completeness and US content of a manifest, with no database: what the server would say before submission. */
function validateManifest(m: Manifest, countriesOfConcern: readonly string[]) {
  return { completeness: checkCompleteness(m.package, m.consortium.members, countriesOfConcern), usContent: computeUsContent(m.package.components) };
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)} %`);

/** Assumptions and conditions of a determination shown by `package check` (only where it used defaults). */
function assumptionsOf(assumed: boolean | undefined, d: { assumptions?: unknown[]; conditions?: unknown[] }): Record<string, unknown> {
  return assumed ? { assumed: true, assumptions: d.assumptions ?? [], conditions: d.conditions ?? [] } : {};
}

export function registerPackageCommands(program: Command): void {
  const pkg = program.command('package').description('Package manifests');
  pkg
    .command('validate')
    .argument('<file>', 'package manifest (JSON), or - for stdin')
    .description('Report completeness and US content offline; exit 0 complete, 3 incomplete, 1 unreadable')
    .option('--json', 'print the result as JSON')
    .option('--countries-of-concern <codes>', 'comma-separated ISO codes', 'CN,HK,MO')
    .action(async (file: string, opts: { json?: boolean; countriesOfConcern: string }) => {
      let manifest: Manifest;
      try {
        manifest = await readManifest(file);
      } catch (err) {
        process.stderr.write(`aiep: ${(err as Error).message}\n`);
        process.exitCode = 1;
        return;
      }
      const result = validateManifest(manifest, opts.countriesOfConcern.split(',').map((c) => c.trim().toUpperCase()));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        const u = result.usContent;
        const out = [
          `${manifest.title}: ${result.completeness.complete ? 'complete' : `incomplete (${result.completeness.problems.length} problem(s))`}`,
          ...result.completeness.problems.map((p) => `  ✗ ${p.path}: ${p.message}`),
          `US content of the infrastructure layer: ${pct(u.share)} of $${u.totalValueUsd.toLocaleString('en-US')} — presumption (≥ ${pct(u.threshold)}) ${u.presumptionMet ? 'met' : 'not met'}`,
          ...u.breakdown.map((b) => `  ${b.name}: $${b.valueUsd.toLocaleString('en-US')}, ${pct(b.usOriginShare)} US-origin`),
        ];
        process.stdout.write(`${out.join('\n')}\n`);
      }
      process.exitCode = result.completeness.complete ? 0 : EXIT_INCOMPLETE;
    });

  pkg
    .command('check')
    .argument('<file>', 'package manifest (JSON)')
    .description('Completeness, US content and the export-control compliance matrix, offline; exit 0 clear, 3 findings (incomplete, US content below the presumption, or a matrix cell not clear), 1 error')
    .option('--as-of <date>', 'evaluate the export-control rules on this date (YYYY-MM-DD)')
    .option('--countries-of-concern <codes>', 'comma-separated ISO codes', 'CN,HK,MO')
    .action(async (file: string, opts: { asOf?: string; countriesOfConcern: string }) => {
      try {
        const manifest = await readManifest(file);
        const { completeness, usContent } = validateManifest(manifest, opts.countriesOfConcern.split(',').map((c) => c.trim().toUpperCase()));
        const ref = defaultReferenceData();
        const clock = clockFromEnv();
        const matrix = buildMatrixView(
          { id: 'manifest', title: manifest.title, state: 'draft', pkg: manifest.package, countries: expandMarkets(manifest.package.targetMarkets), orgs: new Map() },
          ref,
          { asOf: opts.asOf ?? clock.today(), hits: {}, licenses: [], referenceData: { version: ref.version, effectiveDate: ref.effectiveDate, source: 'shipped', importedAt: null, importedBy: null }, computedAt: clock.nowIso(), canEditLicenses: false },
        );
        // US content below the presumption is a finding too: the package loses the presumption.
        const findings = !completeness.complete || matrix.status !== 'clear' || !usContent.presumptionMet;
        process.stdout.write(
          `${JSON.stringify(
            {
              title: manifest.title,
              completeness,
              usContent: { share: usContent.share, presumptionMet: usContent.presumptionMet, threshold: usContent.threshold },
              compliance: {
                status: matrix.status,
                referenceData: matrix.referenceData,
                byComponent: matrix.components.map((c) => ({ id: c.id, name: c.name, eccn: c.eccn, status: c.rollup.status })),
                byMarket: matrix.markets.map((m) => ({ market: m.code, status: m.rollup.status })),
                findings: matrix.grid
                  .filter((g) => g.status !== 'clear')
                  .map((g) => {
                    const cell = matrix.cells.find((c) => c.componentId === g.componentId && c.market === g.market && c.status === g.status)!;
                    const d = matrix.determinations[cell.determination]!;
                    return { componentId: g.componentId, market: g.market, status: g.status, reasons: d.reasons, needsInformation: d.needsInformation ?? [], ...assumptionsOf(cell.assumed, d) };
                  }),
                // Squares whose answer rests on defaults for missing facts: "clear (assuming …)".
                assumed: matrix.grid
                  .filter((g) => g.status === 'clear')
                  .flatMap((g) => {
                    const cell = matrix.cells.find((c) => c.componentId === g.componentId && c.market === g.market && c.assumed);
                    const d = cell && matrix.determinations[cell.determination];
                    return cell && d ? [{ componentId: g.componentId, market: g.market, status: `${g.status} (assuming ${(d.assumptions ?? []).map((a) => `${a.fact} = ${a.assumed}`).join(', ')})`, ...assumptionsOf(true, d) }] : [];
                  }),
              },
            },
            null,
            2,
          )}\n`,
        );
        process.exitCode = findings ? EXIT_INCOMPLETE : 0;
      } catch (err) {
        process.stderr.write(`aiep: ${(err as Error).message}\n`);
        process.exitCode = 1;
      }
    });

  pkg
    .command('import')
    .argument('<file>', 'package manifest (JSON)')
    .requiredOption('--consortium <id>', 'consortium to create the draft in')
    .requiredOption('--as <email>', 'the anchor member user the draft is created for')
    .description('Create a draft proposal from a manifest in the configured database')
    .action(async (file: string, opts: { consortium: string; as: string }) => {
      try {
        const manifest = await readManifest(file);
        const created = await withDatabase(async (deps) => {
          const user = await findLoginUser(deps, opts.as);
          const actor = user ? await loadActor(deps, user.id) : null;
          if (!actor) throw new Error(`no active user ${opts.as}`);
          return importManifest({ ...deps, actor }, opts.consortium, manifest);
        });
        process.stdout.write(`${JSON.stringify({ id: created.id, state: created.state, complete: created.completeness.complete })}\n`);
      } catch (err) {
        const detail = err instanceof AppError && err.problems.length ? `\n${err.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}` : '';
        process.stderr.write(`aiep: ${(err as Error).message}${detail}\n`);
        process.exitCode = 1;
      }
    });
}
