import type { Compilable, CompiledQuery } from 'kysely';

export interface PrecompiledQuery<Input, Row> {
  readonly sql: string;
  /** The compiled query with this call's values bound, for a SqlRunner (sql-runner.ts). */
  bind(input: Input): CompiledQuery<Row>;
}

type Slot<Input> = { name: keyof Input } | { value: unknown };

/**
 * Builds and compiles a Kysely query once, with a placeholder wherever an input value goes; each
 * call then only binds that call's values. Building and compiling a query cost more CPU than
 * SQLite needs to run it, and the storage's queries have a fixed shape, so the typed builder stays
 * the single source of the SQL for both dialects while the per-call work shrinks to an array.
 *
 * `names` lists the input's keys at run time; every one must end up as a bound parameter (a value
 * Kysely inlined into the SQL would silently be the placeholder for every call).
 */
export function precompile<Input extends object, Row>(
  names: ReadonlyArray<keyof Input & string>,
  build: (input: Input) => Compilable<Row>,
): PrecompiledQuery<Input, Row> {
  const nameOfMarker = new Map<string, keyof Input & string>();
  const placeholders: Record<string, string> = {};
  for (const name of names) {
    const marker = `\u0000parley-placeholder:${name}\u0000`;
    nameOfMarker.set(marker, name);
    placeholders[name] = marker;
  }
  const compiled = build(placeholders as Input).compile();
  const slots: Array<Slot<Input>> = compiled.parameters.map((value) => {
    const name = typeof value === 'string' ? nameOfMarker.get(value) : undefined;
    return name === undefined ? { value } : { name };
  });
  for (const name of names) {
    if (!slots.some((slot) => 'name' in slot && slot.name === name))
      throw new Error(`precompile: "${name}" is not a bound parameter of: ${compiled.sql}`);
  }
  if (compiled.sql.includes('parley-placeholder'))
    throw new Error(`precompile: a placeholder was inlined into: ${compiled.sql}`);

  const bind = (input: Input): CompiledQuery<Row> => ({
    query: compiled.query,
    queryId: compiled.queryId,
    sql: compiled.sql,
    parameters: slots.map((slot) => ('name' in slot ? input[slot.name] : slot.value)),
  });
  return { sql: compiled.sql, bind };
}

/**
 * A one-row INSERT compiled on first use from that row's keys: the row codecs always produce the
 * same keys for a table, so the column list cannot drift from the codec. A row with other keys is
 * a programming error and throws rather than silently dropping a column.
 */
export function precompiledInsert<Row extends object>(
  build: (row: Row) => Compilable<unknown>,
): { bind(row: Row): CompiledQuery<unknown> } {
  let query: PrecompiledQuery<Row, unknown> | undefined;
  let names: string[] = [];
  return {
    bind(row) {
      if (query === undefined) {
        names = Object.keys(row);
        query = precompile(names as Array<keyof Row & string>, build);
      }
      const keys = Object.keys(row);
      if (keys.length !== names.length || keys.some((key, index) => key !== names[index])) {
        throw new Error(
          `precompiledInsert: expected the columns ${names.join(', ')}, got ${keys.join(', ')}`,
        );
      }
      return query.bind(row);
    },
  };
}
