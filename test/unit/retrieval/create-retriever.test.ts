import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RetrieverConfig } from '../../../src/core/retrieval/create-retriever.js';
import { createRetriever } from '../../../src/core/retrieval/create-retriever.js';

const fixtureKb = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/kb');
const base: RetrieverConfig = { RETRIEVER: 'local', KB_DIR: fixtureKb, AWS_REGION: 'eu-west-1' };

describe('createRetriever', () => {
  it('builds the local retriever on KB_DIR, with an optional threshold override', async () => {
    const retriever = await createRetriever(base);
    expect(retriever.name).toBe('local');
    const result = await retriever.retrieve({
      text: 'How do I reset my password?',
      language: 'en',
    });
    expect(result.passages[0]?.id).toBe('en/password-login#reset-your-password');

    const strict = await createRetriever({ ...base, LOCAL_RELEVANCE_THRESHOLD: 1.01 });
    const strictResult = await strict.retrieve({
      text: 'How do I reset my password?',
      language: 'en',
    });
    expect(strictResult.passages.some((passage) => passage.relevant)).toBe(false);
  });

  it('fails clearly when the local knowledge base is missing', async () => {
    await expect(
      createRetriever({ ...base, KB_DIR: path.join(fixtureKb, 'missing') }),
    ).rejects.toThrow(/Cannot read the knowledge base folder/);
  });

  it('builds the Bedrock Knowledge Base retriever without calling AWS, and requires its id', async () => {
    await expect(createRetriever({ ...base, RETRIEVER: 'bedrock' })).rejects.toThrow(
      'RETRIEVER=bedrock needs BEDROCK_KB_ID',
    );
    const retriever = await createRetriever({
      ...base,
      RETRIEVER: 'bedrock',
      BEDROCK_KB_ID: 'KBID123456',
    });
    expect(retriever.name).toBe('bedrock-kb:KBID123456');
  });
});
