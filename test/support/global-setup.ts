import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runMigrations } from '../../src/database/migrate';

/**
 * One migrated template database per test run (each e2e file clones its own from it, see
 * isolated-database.ts) and one queue prefix family, so runs never disturb each other.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const baseUrl = process.env.TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
  const database = `claimflow_test_${runId}`;
  const admin = new Client({ connectionString: `${baseUrl}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  process.env.TEST_RUN_ID = runId;
  process.env.TEST_DATABASE_NAME = database;
  process.env.TEST_DATABASE_BASE_URL = baseUrl;
  process.env.DATABASE_URL = `${baseUrl}/${database}`;
  process.env.QUEUE_PREFIX = `{cftest_${runId}}`;
  await runMigrations(process.env.DATABASE_URL);
}
