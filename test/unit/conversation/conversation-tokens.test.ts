import { describe, expect, it } from 'vitest';
import { createConversationTokens } from '../../../src/core/conversation/conversation-tokens.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

describe('conversation tokens', () => {
  it('grants the conversation it was issued for, again and again', () => {
    const tokens = createConversationTokens({ secret: SECRET });
    const token = tokens.issue('conversation-1');
    expect(tokens.verify(token)).toBe('conversation-1');
    expect(tokens.verify(token)).toBe('conversation-1');
  });

  it('still rejects a tampered token after the genuine one was verified (and remembered)', () => {
    const tokens = createConversationTokens({ secret: SECRET });
    const token = tokens.issue('conversation-1');
    expect(tokens.verify(token)).toBe('conversation-1');
    const [version, , signature] = token.split('.');
    // The same signature on another conversation id, and a flipped signature character.
    expect(tokens.verify(`${version}.conversation-2.${signature}`)).toBeNull();
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(tokens.verify(flipped)).toBeNull();
  });

  it('rejects a token signed with another secret and malformed tokens', () => {
    const tokens = createConversationTokens({ secret: SECRET });
    const foreign = createConversationTokens({ secret: `${SECRET}-other` }).issue('conversation-1');
    expect(tokens.verify(foreign)).toBeNull();
    for (const malformed of [
      '',
      'v1',
      'v1.conversation-1',
      'v2.conversation-1.abc',
      'v1..abc',
      'v1.conversation-1.',
    ]) {
      expect(tokens.verify(malformed)).toBeNull();
    }
  });
});
