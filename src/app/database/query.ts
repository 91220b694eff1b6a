/** What runs a statement: the DataSource, a transaction's EntityManager, a migration's QueryRunner. */
interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * The rows of a hand-written statement, typed once at the call instead of by an annotation on a
 * variable (TypeORM types them `any`). The row type is what the SQL selects, column names as
 * PostgreSQL returns them; nothing checks it at run time.
 */
export async function query<Row>(runner: SqlRunner, sql: string, parameters?: readonly unknown[]): Promise<Row[]> {
  return (await runner.query(sql, parameters as unknown[] | undefined)) as Row[];
}
