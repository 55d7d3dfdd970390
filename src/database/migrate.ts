import { DataSource } from 'typeorm';
import { databaseUrlFrom } from '../config/config';
import { dataSourceOptions } from './data-source-options';

/** Applies pending migrations; running it again when nothing is pending changes nothing. */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(databaseUrl, 2));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  runMigrations(databaseUrlFrom())
    .then((applied) => {
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
