import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createConversation,
  createTestApp,
  postMessage,
  type TestApp,
} from '../../support/test-app.js';

/** The value of one series in the Prometheus text, 0 when it is absent. */
function seriesValue(metrics: string, series: string): number {
  const line = metrics.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('turn metrics', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const metrics = async () => (await testApp.app.inject({ method: 'GET', url: '/metrics' })).body;

  it('counts each turn under its tier, language and outcome, with its reasons and tokens', async () => {
    const conversation = await createConversation(testApp.app);
    const before = await metrics();
    expect(
      (await postMessage(testApp.app, conversation, 'How long does delivery to Germany take?'))
        .statusCode,
    ).toBe(200);
    expect(
      (await postMessage(testApp.app, conversation, 'I want to speak to a human agent now'))
        .statusCode,
    ).toBe(200);
    const after = await metrics();

    const delta = (series: string) => seriesValue(after, series) - seriesValue(before, series);
    expect(delta('parley_turns_total{tier="small",language="en",outcome="answered"}')).toBe(1);
    expect(delta('parley_turns_total{tier="human",language="en",outcome="handed_off"}')).toBe(1);
    expect(delta('parley_escalation_reasons_total{reason="human_requested"}')).toBe(1);
    expect(delta('parley_turn_duration_seconds_count{tier="small"}')).toBe(1);
    expect(delta('parley_model_tokens_total{tier="small",kind="input"}')).toBeGreaterThan(0);
    expect(delta('parley_model_tokens_total{tier="small",kind="output"}')).toBeGreaterThan(0);
  });
});
