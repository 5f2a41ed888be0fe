// `npm run rollups`: rebuild every adoption rollup (usage_daily, usage_user_day, usage_user_week,
// usage_user) from the raw usage events of DATABASE_PATH, in one transaction. The live rollups are
// kept current event by event; this is for after a restore, a retention purge or a changed definition.
import { rebuildRollups } from '../src/lib/server/adoption/rollups';
import { config } from '../src/lib/server/config';
import { closeDatabase, db } from '../src/lib/server/db';

const started = performance.now();
const { events } = rebuildRollups(db().$client);
closeDatabase();
console.log(
	`Rebuilt the adoption rollups of ${config.databasePath} from ${events.toLocaleString('en')} usage events in ${((performance.now() - started) / 1000).toFixed(1)} s.`
);
