export * from './auth';
export * from './audit';
export * from './crm';
export * from './imports';
export * from './rollout';
export * from './prefs';
export * from './training';
export * from './adoption';
