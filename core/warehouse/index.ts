export * from './schema.ts';
export { type Dialect, createTable, addColumn } from './ddl.ts';
export { MIGRATIONS, LATEST_VERSION, ddlScript, type Migration } from './migrations.ts';
export { openDb, openWarehouse, migrate, dbPath, DEFAULT_DB_PATH, type Db, type OpenOptions, type MigrateResult } from './db.ts';
