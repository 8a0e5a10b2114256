import { describe, expect, it } from 'vitest';
import {
  baseModelId,
  capabilitiesFor,
  createPromptCachingRegistry,
  isPromptCachingUnsupportedError,
} from '../../../src/core/models/model-capabilities.js';

describe('model capabilities', () => {
  it('reduces inference profiles and ARNs to the base model id', () => {
    expect(baseModelId('eu.amazon.nova-lite-v1:0')).toBe('amazon.nova-lite-v1:0');
    expect(
      baseModelId('arn:aws:bedrock:eu-west-3::foundation-model/mistral.mistral-large-2407-v1:0'),
    ).toBe('mistral.mistral-large-2407-v1:0');
    expect(
      baseModelId(
        'arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0',
      ),
    ).toBe('anthropic.claude-3-7-sonnet-20250219-v1:0');
  });

  it('covers the 2026 Mistral models on Bedrock: streamed, system prompt, tools, never a cachePoint', () => {
    for (const id of [
      'mistral.mistral-large-3-675b-instruct',
      'mistral.ministral-3-3b-instruct',
      'mistral.ministral-3-8b-instruct',
      'mistral.ministral-3-14b-instruct',
      'mistral.mistral-small-2402-v1:0',
      'mistral.mistral-large-2402-v1:0',
      'mistral.mistral-large-2407-v1:0',
      'eu.mistral.pixtral-large-2502-v1:0',
      'arn:aws:bedrock:us-east-1::foundation-model/mistral.mistral-large-3-675b-instruct',
    ]) {
      expect(capabilitiesFor(id), id).toEqual({
        systemPrompt: true,
        toolUse: true,
        streamingToolUse: false,
        promptCaching: false,
        streaming: true,
      });
    }
    // Unconfirmed on Bedrock (Magistral), a speech model (Voxtral), an id the table does not name.
    for (const id of [
      'mistral.magistral-small-2509',
      'mistral.voxtral-small-24b-2507',
      'mistral.devstral-2-123b',
    ]) {
      expect(capabilitiesFor(id), id).toMatchObject({
        systemPrompt: true,
        toolUse: false,
        promptCaching: false,
        streaming: true,
      });
    }
  });

  it('folds the system prompt for Mistral 7B and Mixtral, which take no tools or caching either', () => {
    for (const id of ['mistral.mistral-7b-instruct-v0:2', 'mistral.mixtral-8x7b-instruct-v0:1']) {
      expect(capabilitiesFor(id)).toMatchObject({
        promptCaching: false,
        systemPrompt: false,
        toolUse: false,
      });
    }
  });

  it('allows caching for Nova and Claude, and assumes the least for unknown families', () => {
    expect(capabilitiesFor('amazon.nova-pro-v1:0').promptCaching).toBe(true);
    expect(capabilitiesFor('us.anthropic.claude-sonnet-4-20250514-v1:0').promptCaching).toBe(true);
    expect(capabilitiesFor('meta.llama3-70b-instruct-v1:0')).toEqual({
      systemPrompt: true,
      toolUse: false,
      streamingToolUse: false,
      promptCaching: false,
      streaming: true,
    });
  });

  it('recognizes only the caching refusal as a caching refusal', () => {
    const error = (name: string, status: number, message: string) =>
      Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
    const refusal =
      'You invoked an unsupported model or your request did not allow prompt caching.';
    expect(isPromptCachingUnsupportedError(error('ValidationException', 400, refusal))).toBe(true);
    expect(
      isPromptCachingUnsupportedError(
        error('AccessDeniedException', 403, 'cachePoint is not supported'),
      ),
    ).toBe(true);
    expect(
      isPromptCachingUnsupportedError(error('ValidationException', 400, 'messages must alternate')),
    ).toBe(false);
    expect(isPromptCachingUnsupportedError(error('ThrottlingException', 429, refusal))).toBe(false);
  });

  it('remembers per model which ones refused caching', () => {
    const registry = createPromptCachingRegistry();
    registry.disable('amazon.nova-lite-v1:0');
    expect(registry.isDisabled('amazon.nova-lite-v1:0')).toBe(true);
    expect(registry.isDisabled('amazon.nova-pro-v1:0')).toBe(false);
  });
});
