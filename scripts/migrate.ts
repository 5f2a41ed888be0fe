// `npm run db:migrate`: apply pending migrations to DATABASE_PATH (default db/uptake.sqlite).
import { config } from '../src/lib/server/config';
import { closeDatabase, db } from '../src/lib/server/db';

db();
closeDatabase();
console.log(`Migrated ${config.databasePath}`);
