import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createServices } from '../../../src/create-services.js';
import { TEST_TOKEN_SECRET } from '../../support/test-app.js';

function recordingLogger() {
  const warnings: Array<{ details: Record<string, unknown>; message?: string | undefined }> = [];
  return {
    warnings,
    logger: {
      info: () => {},
      error: () => {},
      warn: (details: object, message?: string) =>
        warnings.push({ details: details as Record<string, unknown>, message }),
    },
  };
}

async function startWith(environment: Record<string, string>) {
  const { warnings, logger } = recordingLogger();
  const services = await createServices(
    loadConfig({
      DATABASE_URL: 'sqlite::memory:',
      LOG_LEVEL: 'silent',
      MODEL_PROVIDER: 'bedrock',
      BEDROCK_RUNTIME_ENDPOINT: 'http://127.0.0.1:9',
      ...environment,
    }),
    { tokenSecret: TEST_TOKEN_SECRET, logger },
  );
  await services.close();
  return warnings;
}

describe('tier prices at startup', () => {
  it('warns when a tier model has neither a list price nor PRICE_*, naming the variables', async () => {
    const warnings = await startWith({ BEDROCK_SMALL_MODEL_ID: 'amazon.nova-lite-v1:0' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.details).toMatchObject({ tier: 'small', modelId: 'amazon.nova-lite-v1:0' });
    expect(String(warnings[0]?.details.prices)).toContain(
      'set PRICE_SMALL_INPUT_PER_MTOK and PRICE_SMALL_OUTPUT_PER_MTOK',
    );
  });

  it('stays quiet for listed Mistral ids and for configured prices', async () => {
    expect(await startWith({})).toEqual([]);
    expect(
      await startWith({
        BEDROCK_LARGE_MODEL_ID: 'amazon.nova-pro-v1:0',
        PRICE_LARGE_INPUT_PER_MTOK: '0.8',
        PRICE_LARGE_OUTPUT_PER_MTOK: '3.2',
      }),
    ).toEqual([]);
  });
});
