import type { Kysely } from 'kysely';
import type { Dialect } from '../connection.ts';

// list_sources: where each screening list family is downloaded from, how often, how old its data
// may grow, whether a new download is activated at once — and the state of the last attempt
// (the HTTP validators for a conditional GET, the outcome, the error, the last good version).
// One row per list family; the rows below are the published sources as of December 2026, all
// DISABLED: aiep runs offline unless an administrator (or SCREENING_SOURCES_ENABLED) turns a
// source on (docs/operations.md#screening-list-sources).
//
// stale_alerted_at marks a staleness episode whose alert was raised: set when the alert goes out,
// cleared once the list is current again, so one episode raises one alert.
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('list_sources')
    .addColumn('list_code', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('interval_minutes', 'integer', (c) => c.notNull())
    .addColumn('max_age_hours', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('auto_activate', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('last_checked_at', 'text')
    // unchanged | imported | failed
    .addColumn('last_status', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_good_version_id', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('stale_alerted_at', 'text')
    .addColumn('updated_at', 'text')
    .addColumn('updated_by', 'text')
    .execute();

  const row = (list_code: string, url: string, format: string, interval_minutes: number, max_age_hours: number) => ({
    list_code,
    url,
    format,
    interval_minutes,
    max_age_hours,
    enabled: 0,
    auto_activate: 1,
  });
  await (db as Kysely<{ list_sources: Record<string, unknown> }>)
    .insertInto('list_sources')
    .values([
      // trade.gov republishes the consolidated list every hour.
      row('csl', 'https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv', 'csl', 60, 48),
      // OFAC publishes several times a week; the single-file sources read the primary records only.
      row('ofac-sdn', 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV', 'ofac-sdn', 360, 168),
      row('ofac-cons', 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_PRIM.CSV', 'ofac-cons', 360, 168),
      row('un', 'https://scsanctions.un.org/resources/xml/en/consolidated.xml', 'un', 360, 168),
      row('dpl', 'https://www.bis.doc.gov/dpl/dpl.txt', 'dpl', 1440, 336),
    ])
    .execute();
}
