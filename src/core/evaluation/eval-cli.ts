import { randomBytes } from 'node:crypto';
import { createConversationRepository } from '../conversation/conversation-repository.js';
import { createDatabase } from '../database/create-database.js';
import type { ModuleMigrations } from '../database/database.js';
import { createEscalationStore } from '../escalations/create-escalation-store.js';
import { createFeedbackRepository } from '../feedback/feedback-repository.js';
import { type TierPriceConfig, tierPricesOfConfig } from '../models/tier-prices.js';
import { createRedactor } from '../redaction/redact-personal-data.js';
import { runEvalCommand } from './eval-command.js';
import type { EvaluationPipeline } from './run-routing-through-pipeline.js';

/** The configuration fields the evaluation reads (src/config.ts). */
interface EvalConfig extends TierPriceConfig {
  DATABASE_URL: string;
  KB_DIR: string;
  PROMPTS_DIR: string;
  LOCALES_DIR: string;
  REDACT_PERSONAL_DATA: boolean;
}

/**
 * `parley eval` as the CLI runs it. The composition root is passed in (core code does not import
 * it): the pipeline is the real one, on the embedded defaults (local retriever and extractive
 * answerer) with a private in-memory SQLite database, whatever DATABASE_URL or MODEL_PROVIDER say,
 * so an evaluation never writes to the real database nor spends on Bedrock.
 */
export function runEvalFromCli<Config extends EvalConfig>(
  argv: string[],
  compose: {
    loadConfig(environment: Record<string, string | undefined>): Config;
    createServices(
      config: Config,
      overrides: { tokenSecret: string },
    ): Promise<EvaluationPipeline & { close(): Promise<void> }>;
    migrations(dialect: 'sqlite' | 'postgres'): ModuleMigrations[];
  },
): Promise<number> {
  const configured = compose.loadConfig(process.env);
  const embedded = () =>
    compose.loadConfig({
      DATABASE_URL: 'sqlite::memory:',
      LOG_LEVEL: 'silent',
      KB_DIR: configured.KB_DIR,
      PROMPTS_DIR: configured.PROMPTS_DIR,
      LOCALES_DIR: configured.LOCALES_DIR,
      // The pipeline's own answer cache would hide repeated questions' routing; one conversation per message avoids history.
      ANSWER_CACHE_SIZE: '0',
    });
  return runEvalCommand(argv, {
    buildPipeline: () =>
      compose.createServices(embedded(), { tokenSecret: randomBytes(32).toString('hex') }),
    async openOpsDatabase() {
      const database = createDatabase(configured.DATABASE_URL);
      await database.migrate(compose.migrations(database.dialect));
      return {
        store: createEscalationStore(database),
        conversations: createConversationRepository(database),
        feedback: createFeedbackRepository(database),
        redact: createRedactor(configured.REDACT_PERSONAL_DATA),
        close: () => database.close(),
      };
    },
    // The configured tiers' ids and prices, even though the pipeline itself runs on local models.
    pricing: tierPricesOfConfig(configured),
    stdout: process.stdout,
    stderr: process.stderr,
  });
}
