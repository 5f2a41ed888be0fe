/**
 * Every module that registers job handlers, loaded by the runner before its first poll, so that a due
 * job always finds its handler (registration happens when a module loads). A new kind of job adds its
 * module here.
 */
import '../engagement/contests';
import { scheduleRecurring } from '../notifications/scheduled';

export { scheduleRecurring };
