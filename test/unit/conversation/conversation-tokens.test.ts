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

describe('conversation tokens: one spelling only', () => {
  const tokens = createConversationTokens({ secret: SECRET });
  const id = '0190f6a2-7b5c-7d3e-8f10-112233445566';
  const token = tokens.issue(id);

  it('accepts the token exactly as issued', () => {
    expect(tokens.verify(token)).toBe(id);
  });

  it('rejects trailing junk, padding and other characters the base64 decoder would skip', () => {
    for (const variant of [
      `${token}!`,
      `${token}~`,
      `${token}=`,
      `${token}==`,
      `${token}.`,
      ` ${token}`,
      `${token.slice(0, 20)}!${token.slice(20)}`,
      token.replace(/-/g, '+'),
    ]) {
      expect(tokens.verify(variant), variant).toBeNull();
    }
  });

  it('rejects a non-canonical last character that decodes to the same signature', () => {
    const signature = token.slice(token.lastIndexOf('.') + 1);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(signature.at(-1) ?? 'A');
    // The last of 43 characters carries 4 bits of the 256; its 2 low bits are spare.
    const spellings = [1, 2, 3].map(
      (spare) => `${token.slice(0, -1)}${alphabet[(last & ~3) | spare]}`,
    );
    for (const spelling of spellings) {
      expect(Buffer.from(spelling.slice(spelling.lastIndexOf('.') + 1), 'base64url')).toEqual(
        Buffer.from(signature, 'base64url'),
      );
      expect(tokens.verify(spelling), spelling).toBeNull();
    }
  });
});
