// `aiep lists import PATH… [--format F]`: import list files into the database, each as a new
// version of its list, activated at once (the re-screening of every party is queued).
// `aiep lists status`: the lists and their active versions.
import { Command, Option } from 'commander';
import { withDatabase } from '../db.ts';
import { activateListVersion, activeVersions, importParsedList, parseListPath, type ParsedList } from '../../server/modules/screening/screening.lists.ts';

const FORMATS = ['csl', 'ofac-sdn', 'ofac-cons', 'un', 'dpl', 'eu-fsf', 'uk-csv', 'uk-xml', 'ofsi-csv'];

async function runListsImport(paths: string[], opts: { format?: string; activate?: boolean }, log: (line: string) => void): Promise<void> {
  // Every file is parsed before anything is written: one malformed file and nothing is imported.
  const parsed: ParsedList[] = [];
  for (const p of paths) parsed.push(...(await parseListPath(p, opts.format)));
  await withDatabase(async (deps) => {
    for (const list of parsed) {
      const bar = process.stderr.isTTY ? (n: number, total: number) => void process.stderr.write(`\r${list.fileName}: ${n}/${total} entries`) : undefined;
      const version = await importParsedList(deps, list, { actorId: null, ...(bar ? { onBatch: bar } : {}) });
      if (bar) process.stderr.write('\n');
      const final = opts.activate === false ? version : await activateListVersion(deps, null, version.id);
      const note = version.alreadyImported ? '\talready imported: nothing written' : '';
      log(`${list.listCode}\t${final.id}\t${final.status}\t${final.entry_count} entries\t${list.fileName}${note}`);
    }
  });
}

export function registerListsCommands(program: Command): void {
  const lists = program.command('lists').description('screening lists kept in the database (versions, import)');
  lists
    .command('import')
    .description('import list files (CSL CSV/JSON, OFAC SDN or non-SDN CSV set, UN XML, BIS DPL, EU FSF XML, UK Sanctions List CSV/XML, OFSI ConList CSV) as new active versions')
    .argument('<paths...>', 'list files, or directories holding an OFAC CSV set')
    .addOption(new Option('--format <format>', 'list format (detected from the content when omitted)').choices(FORMATS))
    .option('--no-activate', 'import only; activate later from the web or the API')
    .action(async (paths: string[], opts: { format?: string; activate?: boolean }) => {
      try {
        await runListsImport(paths, opts, (line) => process.stdout.write(`${line}\n`));
      } catch (err) {
        process.stderr.write(`aiep lists import: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      }
    });
  lists
    .command('status')
    .description('the active version of each list')
    .action(async () => {
      await withDatabase(async (deps) => {
        for (const v of await activeVersions(deps)) process.stdout.write(`${v.list_code}\t${v.id}\t${v.entry_count} entries\t${v.file_name}\tactivated ${v.activated_at}\n`);
      });
    });
}
