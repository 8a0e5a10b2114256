import { z } from 'zod';
import { parseSupportHours } from './core/staff/support-hours.js';
import { trustProxySchema } from './trust-proxy.js';

/**
 * The whole configuration contract: environment variables, validated once at startup.
 * A wrong value stops startup with a message naming the variable (see ConfigError).
 */
const booleanFromString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** USD per 1M tokens; a blank value counts as unset rather than as a price of 0. */
const optionalPrice = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  z.coerce.number().nonnegative().optional(),
);

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const httpUrl = z.url({ protocol: /^https?$/ });

const optionalUrl = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .pipe(httpUrl.optional())
  .optional();

export const configSchema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a port number from 0 to 65535' })
    .int('must be a whole number')
    .min(0)
    .max(65535)
    .default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Public origin used in links (widget demo, Slack cards); defaults to http://HOST:PORT. */
  PUBLIC_URL: optionalUrl,
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'must be sqlite:<path> or postgres://…')
    .default('sqlite:./data/parley.db'),
  MODEL_PROVIDER: z.enum(['local', 'bedrock']).default('local'),
  RETRIEVER: z.enum(['local', 'bedrock']).default('local'),
  KB_DIR: z.string().min(1).default('./kb'),
  PROMPTS_DIR: z.string().min(1).default('./prompts'),
  LOCALES_DIR: z.string().min(1).default('./locales'),
  LANGUAGE_DETECTOR: z.enum(['eld', 'franc']).default('eld'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  BEDROCK_RUNTIME_ENDPOINT: optionalUrl,
  BEDROCK_AGENT_RUNTIME_ENDPOINT: optionalUrl,
  BEDROCK_KB_ID: optionalString,
  BEDROCK_KB_LANGUAGE_KEY: z.string().min(1).default('language'),
  BEDROCK_KB_RESULTS: z.coerce.number().int().min(1).max(100).default(5),
  /** Bedrock KB scores are 0..1 similarities; below this a passage is not relevant (low_retrieval). */
  BEDROCK_KB_RELEVANCE_THRESHOLD: z.coerce.number().min(0).max(1).optional(),
  /** Part of the answer-cache key: change it when the Knowledge Base content changes. */
  BEDROCK_KB_VERSION: optionalString,
  /** Local kb/ relevance threshold (0..1) for the normalized search scores. */
  LOCAL_RELEVANCE_THRESHOLD: z.coerce.number().min(0).max(1).optional(),
  BEDROCK_MAX_TOKENS: z.coerce.number().int().min(16).max(8192).default(700),
  BEDROCK_TEMPERATURE: z.coerce.number().min(0).max(1).default(0.2),
  /** Defaults chosen by price and capability: docs/bedrock.md, "Mistral models on Bedrock". */
  BEDROCK_SMALL_MODEL_ID: z.string().min(1).default('mistral.ministral-3-14b-instruct'),
  BEDROCK_LARGE_MODEL_ID: z.string().min(1).default('mistral.mistral-large-3-675b-instruct'),
  BEDROCK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  /** A model call that takes longer than this is abandoned and the fallback chain continues. */
  MODEL_TIMEOUT_MS: z.coerce.number().int().min(100).default(20_000),
  /** Unset: the list price of the tier's model id (src/core/models/list-prices.ts). */
  PRICE_SMALL_INPUT_PER_MTOK: optionalPrice,
  PRICE_SMALL_OUTPUT_PER_MTOK: optionalPrice,
  PRICE_LARGE_INPUT_PER_MTOK: optionalPrice,
  PRICE_LARGE_OUTPUT_PER_MTOK: optionalPrice,
  TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  OPS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_HANDOFF_CHANNEL: optionalString,
  SLACK_API_URL: httpUrl.default('https://slack.com/api/'),
  /** One Slack Web API attempt longer than this is abandoned (two more attempts follow). */
  SLACK_API_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Which X-Forwarded-For hops to believe (src/trust-proxy.ts); off: the socket address is the client. */
  TRUST_PROXY: trustProxySchema.default(false),
  /** Time a client has to send a whole request, headers and body (408 after it); not the answer. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(500).max(300_000).default(10_000),
  /** Redis for rate limits shared by every instance (redis://[user:password@]host:port[/db]); unset: per-process memory. */
  REDIS_URL: z
    .string()
    .trim()
    .transform((value) => (value === '' ? undefined : value))
    .pipe(
      z.url({ protocol: /^rediss?$/, error: 'must be redis://host:port or rediss://…' }).optional(),
    )
    .optional(),
  /** Prefix of Parley's Redis keys, so that deployments (or test runs) can share one Redis. */
  REDIS_KEY_PREFIX: z.string().trim().min(1).max(100).default('parley:'),
  /**
   * On SIGTERM, /readyz answers 503 for this long before the server closes, so that the load
   * balancer stops sending new traffic while the instance still serves what it has.
   */
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(120_000).default(2000),
  /** Requests per minute per client address on the widget API. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /** Mask emails, phone numbers, cards and IBANs in the escalation log, /ops answers, exports and eval cases (not Slack cards; the process log holds no message text). */
  REDACT_PERSONAL_DATA: booleanFromString.default(true),
  ANSWER_CACHE_SIZE: z.coerce.number().int().min(0).default(1000),
  /** Hours of quiet after the bot's last answer before a conversation counts as resolved by the bot (soft). */
  RESOLUTION_WINDOW_HOURS: z.coerce
    .number({ error: 'must be a number of hours' })
    .positive('must be more than 0 hours')
    .max(24 * 30, 'must be at most 720 hours (30 days)')
    .default(24),
  /**
   * When a person answers (e.g. "Mon-Fri 09:00-18:00, Sat 10:00-16:00 Europe/Paris"), or "always".
   * Unset: the `support_hours` of the knowledge base's contact article, else always.
   */
  SUPPORT_HOURS: z
    .string()
    .trim()
    .superRefine((value, context) => {
      if (value === 'always') return;
      try {
        parseSupportHours(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .optional(),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration from an environment; throws ConfigError naming every bad variable. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset" (a blank line in .env should not fail a default).
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = environment[key];
    if (value !== undefined && value !== '') relevant[key] = value;
  }
  const parsed = configSchema.safeParse(relevant);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const variable = issue.path.join('.') || '(environment)';
      const given = relevant[variable];
      const shown =
        given === undefined || /SECRET|TOKEN|REDIS_URL/.test(variable) ? '' : ` (got "${given}")`;
      return `${variable}: ${describeIssue(issue)}${shown}`;
    });
    throw new ConfigError(problems);
  }
  const config = parsed.data;
  const crossProblems: string[] = [];
  if (config.RETRIEVER === 'bedrock' && !config.BEDROCK_KB_ID) {
    crossProblems.push(
      'BEDROCK_KB_ID: required when RETRIEVER=bedrock (the Knowledge Base id, e.g. ABCDEFGHIJ)',
    );
  }
  const slackVariables = [config.SLACK_BOT_TOKEN, config.SLACK_SIGNING_SECRET];
  if (slackVariables.some(Boolean) && !slackVariables.every(Boolean)) {
    crossProblems.push(
      'SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET: set both to enable Slack, or neither to run with Slack off',
    );
  }
  if (crossProblems.length > 0) throw new ConfigError(crossProblems);
  return config;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  return issue.message;
}

export function isSlackEnabled(config: Config): boolean {
  return Boolean(config.SLACK_BOT_TOKEN && config.SLACK_SIGNING_SECRET);
}
