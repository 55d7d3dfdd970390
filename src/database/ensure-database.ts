import { Client } from 'pg';

const DUPLICATE_DATABASE = '42P04';

/**
 * Creates the database DATABASE_URL names when the server does not have it yet (single-machine
 * `npm start`; deployments create theirs). Connects with the same credentials to the server's
 * `postgres` maintenance database. Returns whether it created it.
 */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (name === '') throw new Error('DATABASE_URL names no database');
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === DUPLICATE_DATABASE) return false; // another process made it first
    throw new Error(`database "${name}" does not exist and could not be created: ${(error as Error).message}`, { cause: error });
  } finally {
    await admin.end();
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
