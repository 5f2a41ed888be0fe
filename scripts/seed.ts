// `npm run seed`: create the first admin and/or the demo organisation in an empty database,
// exactly as `npm start` does on its first run. A database with users is left alone.
import { bootstrap, describeBootstrap } from '../src/lib/server/auth/bootstrap';
import { closeDatabase } from '../src/lib/server/db';

const outcome = await bootstrap();
console.log(describeBootstrap(outcome) ?? 'The database already has users; nothing seeded.');
closeDatabase();
