// Hot-path queries compiled once per database and re-run with new parameters. Kysely builds and
// compiles a query's syntax tree on every call; for the few reads every request makes (session,
// proposal, members, certifications) that costs more than SQLite running them.
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema.ts';

const compiled = new WeakMap<object, Map<string, CompiledQuery<unknown>>>();

/**
 * Runs `build()`'s query with `params` in place of the values it was built with. The builder must
 * always produce the same SQL with the parameters in the same order, which holds for a fixed query
 * whose only variables are the values passed in `params`.
 */
export async function runPrepared<R>(db: Kysely<Database>, key: string, build: () => Compilable<R>, params: readonly unknown[]): Promise<R[]> {
  let byKey = compiled.get(db);
  if (!byKey) {
    byKey = new Map();
    compiled.set(db, byKey);
  }
  let query = byKey.get(key) as CompiledQuery<R> | undefined;
  if (!query) {
    query = build().compile();
    if (query.parameters.length !== params.length) throw new Error(`prepared query ${key}: ${query.parameters.length} parameters, ${params.length} given`);
    byKey.set(key, query);
  }
  return (await db.executeQuery<R>({ ...query, parameters: params })).rows;
}
