/**
 * What a Bedrock model accepts through Converse. Model ids are configuration, so the
 * table matches id patterns, never exact ids.
 */
export interface ModelCapabilities {
  /** Accepts `system` blocks; when false the system text is folded into the first user turn. */
  systemPrompt: boolean;
  toolUse: boolean;
  /** Tool use inside ConverseStream (unconfirmed for Mistral: we never depend on it). */
  streamingToolUse: boolean;
  /** Accepts `{cachePoint:{type:"default"}}` in `system`. */
  promptCaching: boolean;
  streaming: boolean;
}

interface CapabilityRule {
  pattern: RegExp;
  capabilities: ModelCapabilities;
  note: string;
}

/**
 * Every chat-capable Mistral model on Bedrock: streamed through ConverseStream, `system` accepted,
 * no `cachePoint`. Tool use inside a stream stays unconfirmed for Mistral, so it is never assumed.
 */
const MISTRAL_CONVERSE: ModelCapabilities = Object.freeze({
  systemPrompt: true,
  toolUse: true,
  streamingToolUse: false,
  promptCaching: false,
  streaming: true,
});

const RULES: readonly CapabilityRule[] = [
  {
    pattern: /^mistral\.(mistral-7b|mixtral-8x7b)/,
    capabilities: {
      systemPrompt: false,
      toolUse: false,
      streamingToolUse: false,
      promptCaching: false,
      streaming: true,
    },
    note: 'Mistral 7B / Mixtral reject system prompts',
  },
  {
    // Mistral 3 (December 2025): Large 3 and Ministral 3 3B/8B/14B. AWS's own Converse sample for
    // these ids sends `system` blocks and a toolConfig; Bedrock lists none of them for caching.
    pattern: /^mistral\.(mistral-large-3-|ministral-3-)/,
    capabilities: MISTRAL_CONVERSE,
    note: 'Mistral Large 3 and Ministral 3: system prompt and tool use, no prompt caching',
  },
  {
    // Magistral is a reasoning model: its thinking arrives as reasoning blocks, which Parley does
    // not show, so it answers like the others but spends more output tokens per turn. Mistral
    // documents function calling for it; no Bedrock source confirms it through Converse.
    pattern: /^mistral\.magistral-/,
    capabilities: { ...MISTRAL_CONVERSE, toolUse: false },
    note: 'Magistral Small: system prompt, reasoning output, tool use unconfirmed, no prompt caching',
  },
  {
    // Voxtral is a speech model; AWS's Converse sample uses it for transcription, not for tools.
    pattern: /^mistral\.voxtral-/,
    capabilities: { ...MISTRAL_CONVERSE, toolUse: false },
    note: 'Voxtral: text in and out through Converse, no tool use assumed',
  },
  {
    // Mistral Small 24.02, Large 24.02 and 24.07, Pixtral Large 25.02: the Converse feature table
    // lists system prompts and tool use, without tool use inside a stream.
    pattern: /^mistral\.(mistral-small-2402|mistral-large-2402|mistral-large-2407|pixtral-large-)/,
    capabilities: MISTRAL_CONVERSE,
    note: 'Mistral Small / Large 24.xx and Pixtral Large: system prompt and tool use',
  },
  {
    pattern: /^mistral\./,
    capabilities: { ...MISTRAL_CONVERSE, toolUse: false },
    note: 'Other Mistral ids: system prompt only; no Mistral model on Bedrock supports prompt caching',
  },
  {
    pattern: /^anthropic\.claude/,
    capabilities: {
      systemPrompt: true,
      toolUse: true,
      streamingToolUse: true,
      promptCaching: true,
      streaming: true,
    },
    note: 'Older Claude versions without caching are caught at run time by the caching registry',
  },
  {
    pattern: /^amazon\.nova/,
    capabilities: {
      systemPrompt: true,
      toolUse: true,
      streamingToolUse: true,
      promptCaching: true,
      streaming: true,
    },
    note: 'Nova supports prompt caching',
  },
];

/** Unknown families: assume the least so that nothing unsupported is ever sent. */
const CONSERVATIVE: ModelCapabilities = Object.freeze({
  systemPrompt: true,
  toolUse: false,
  streamingToolUse: false,
  promptCaching: false,
  streaming: true,
});

/**
 * Reduces an id, an inference-profile id (`eu.amazon.nova-lite-v1:0`) or an ARN
 * (`arn:aws:bedrock:eu-west-3::foundation-model/mistral.…`,
 * `arn:aws:bedrock:eu-west-1:123:inference-profile/eu.anthropic.…`) to the base model id.
 */
export function baseModelId(modelId: string): string {
  const afterArn = modelId.startsWith('arn:') ? (modelId.split('/').pop() ?? modelId) : modelId;
  return afterArn.replace(/^(us-gov|us|eu|apac|jp|au|ca|global)\./, '').toLowerCase();
}

export function capabilitiesFor(modelId: string): ModelCapabilities {
  const base = baseModelId(modelId);
  const rule = RULES.find((candidate) => candidate.pattern.test(base));
  return { ...(rule?.capabilities ?? CONSERVATIVE) };
}

/**
 * Per-process memory of models that refused a cachePoint although the table said
 * they would take it, so that the refusal costs one extra request, not one per turn.
 */
export interface PromptCachingRegistry {
  isDisabled(modelId: string): boolean;
  disable(modelId: string): void;
}

export function createPromptCachingRegistry(): PromptCachingRegistry {
  const disabled = new Set<string>();
  return {
    isDisabled: (modelId) => disabled.has(modelId),
    disable: (modelId) => {
      disabled.add(modelId);
    },
  };
}

/**
 * Bedrock answers a cachePoint sent to a model without caching with a 400
 * ValidationException or a 403 AccessDeniedException whose message names prompt
 * caching ("…your request did not allow prompt caching…").
 */
export function isPromptCachingUnsupportedError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, message, $metadata } = error as {
    name?: unknown;
    message?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  const status = $metadata?.httpStatusCode;
  const nameMatches = name === 'ValidationException' || name === 'AccessDeniedException';
  const statusMatches = status === undefined || status === 400 || status === 403;
  return (
    nameMatches &&
    statusMatches &&
    typeof message === 'string' &&
    /prompt caching|cache ?point/i.test(message)
  );
}
