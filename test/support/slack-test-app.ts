import nock from 'nock';
import { afterEach, beforeEach } from 'vitest';
import { SLACK_TEST_ENVIRONMENT } from './slack-requests.js';
import { interceptSlackWebApi, type SlackWebApiStandIn } from './slack-web-api.js';
import { createTestApp, type TestApp } from './test-app.js';

export interface SlackTestAppAccessors {
  /** The current test's app, with Slack on. */
  testApp(): TestApp;
  /** The current test's Slack Web API stand-in. */
  slackApi(): SlackWebApiStandIn;
}

/**
 * Registers, in the enclosing `describe`, the hooks that give each test a fresh app with Slack on,
 * talking to a fresh Slack Web API stand-in and to no other network. After each test it waits for
 * the Slack work still in flight (listeners answer after the HTTP 200), so that none of it runs
 * against a closed app or leaks into the next test.
 */
export function useSlackTestApp(): SlackTestAppAccessors {
  let testApp: TestApp | undefined;
  let slackApi: SlackWebApiStandIn | undefined;

  beforeEach(async () => {
    nock.disableNetConnect();
    slackApi = interceptSlackWebApi();
    testApp = await createTestApp(SLACK_TEST_ENVIRONMENT);
  });

  afterEach(async () => {
    await testApp?.app.slack?.idle();
    await testApp?.close();
    testApp = undefined;
    slackApi = undefined;
    nock.cleanAll();
    nock.enableNetConnect();
  });

  return {
    testApp: () => testApp ?? outsideATest('testApp'),
    slackApi: () => slackApi ?? outsideATest('slackApi'),
  };
}

function outsideATest(name: string): never {
  throw new Error(`useSlackTestApp: ${name}() exists only while a test (or its hooks) runs`);
}
