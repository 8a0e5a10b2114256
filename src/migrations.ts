import { conversationMigrations } from './core/conversation/conversation-migrations.js';
import type { DatabaseDialect, ModuleMigrations } from './core/database/database.js';
import { escalationMigrations } from './core/escalations/escalation-migrations.js';
import { feedbackMigrations } from './core/feedback/feedback-migrations.js';
import { settingsMigrations } from './core/settings/settings-migrations.js';
import { staffMigrations } from './core/staff/staff-migrations.js';
import { slackMigrations } from './slack/slack-migrations.js';

/** Every module's migrations; the database runs them in name order across modules. */
export function parleyMigrations(dialect: DatabaseDialect): ModuleMigrations[] {
  return [
    conversationMigrations(dialect),
    escalationMigrations(dialect),
    slackMigrations(dialect),
    feedbackMigrations(dialect),
    settingsMigrations(dialect),
    staffMigrations(dialect),
  ];
}
