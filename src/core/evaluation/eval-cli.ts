import { randomBytes } from 'node:crypto';
import { createConversationRepository } from '../conversation/conversation-repository.js';
import { createDatabase } from '../database/create-database.js';
import type { ModuleMigrations } from '../database/database.js';
import { createEscalationStore } from '../escalations/create-escalation-store.js';
import { createFeedbackRepository } from '../feedback/feedback-repository.js';
import { type TierPriceConfig, tierPricesOfConfig } from '../models/tier-prices.js';
import { createRedactor } from '../redaction/redact-personal-data.js';
import { type EvalProvider, runEvalCommand } from './eval-command.js';
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
 * The environment of the evaluation's pipeline: always a private in-memory database and no
 * answer cache. `local`: the embedded defaults (local retriever and extractive answerer),
 * whatever MODEL_PROVIDER says, so it never spends on Bedrock. `bedrock` (asked for with
 * --provider): the configured Bedrock models and retriever, so the models' verdicts count.
 */
export function evalPipelineEnvironment(
  provider: EvalProvider,
  environment: Record<string, string | undefined>,
  configured: Pick<EvalConfig, 'KB_DIR' | 'PROMPTS_DIR' | 'LOCALES_DIR'>,
): Record<string, string | undefined> {
  const isolated = {
    DATABASE_URL: 'sqlite::memory:',
    LOG_LEVEL: 'silent',
    // The pipeline's own answer cache would hide repeated questions' routing; one conversation per message avoids history.
    ANSWER_CACHE_SIZE: '0',
  };
  if (provider === 'bedrock') return { ...environment, ...isolated, MODEL_PROVIDER: 'bedrock' };
  return {
    ...isolated,
    KB_DIR: configured.KB_DIR,
    PROMPTS_DIR: configured.PROMPTS_DIR,
    LOCALES_DIR: configured.LOCALES_DIR,
    // The retriever's threshold decides low_retrieval: an operator tuning it measures with it.
    ...(environment.LOCAL_RELEVANCE_THRESHOLD !== undefined
      ? { LOCAL_RELEVANCE_THRESHOLD: environment.LOCAL_RELEVANCE_THRESHOLD }
      : {}),
  };
}

/**
 * `parley eval` as the CLI runs it. The composition root is passed in (core code does not import
 * it): the pipeline is the real one, with a private in-memory SQLite database whatever
 * DATABASE_URL says (an evaluation never writes to the real database), on the embedded defaults
 * unless --provider bedrock asks for the configured Bedrock models (evalPipelineEnvironment).
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
  environment: Record<string, string | undefined> = process.env,
): Promise<number> {
  const configured = compose.loadConfig(environment);
  return runEvalCommand(argv, {
    buildPipeline: (provider) =>
      compose.createServices(
        compose.loadConfig(evalPipelineEnvironment(provider, environment, configured)),
        { tokenSecret: randomBytes(32).toString('hex') },
      ),
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
