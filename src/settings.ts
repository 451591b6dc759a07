// The settings, one import away: the table (src/settings/table.ts) is the one place each setting
// is described; validation, merging and config files are derived from it (src/settings/).
export * from './settings/table.js';
export * from './settings/validate.js';
export * from './settings/files.js';
export * from './settings/architecture.js';
export * from './settings/docs.js';
export * from './settings/schedule.js';
