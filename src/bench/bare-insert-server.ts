import Fastify from 'fastify';
import { Pool } from 'pg';

/**
 * The webhook benchmark's baseline: the same HTTP server library and PostgreSQL driver, one route
 * that inserts one row and answers. Whatever the webhook costs beyond this is shinsa's own work
 * (signature, validation, screening, the transaction).
 */
async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
  await pool.query('CREATE TABLE IF NOT EXISTS bench_bare (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body jsonb NOT NULL, received_at timestamptz NOT NULL DEFAULT now())');
  const app = Fastify({ logger: false });
  app.post('/bare', async (request) => {
    const { rows } = await pool.query('INSERT INTO bench_bare (body) VALUES ($1) RETURNING id', [request.body]);
    return { id: rows[0].id };
  });
  app.get('/readyz', async () => ({ status: 'ready' }));
  await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
  const stop = async (): Promise<void> => {
    await app.close();
    await pool.end();
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

void main();
