import { Writable } from 'node:stream';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import {
  SLACK_TEST_ENVIRONMENT,
  SLACK_TEST_HANDOFF_CHANNEL,
} from '../../support/slack-requests.js';
import { interceptSlackWebApi } from '../../support/slack-web-api.js';
import { createConversation, postMessage, TEST_TOKEN_SECRET } from '../../support/test-app.js';

const PERSONAL_DATA = {
  email: 'jana.novak@example.com',
  phone: '+49 171 1234567',
  card: '4111 1111 1111 1111',
  iban: 'DE89 3704 0044 0532 0130 00',
};

/** At LOG_LEVEL=debug the Slack client must not copy card bodies (customer words) into the process log. */
describe('Slack client at LOG_LEVEL=debug', () => {
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('posts a handoff card with personal data and logs none of it', async () => {
    nock.disableNetConnect();
    const slackApi = interceptSlackWebApi();
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = loadConfig({
      ...SLACK_TEST_ENVIRONMENT,
      DATABASE_URL: 'sqlite::memory:',
      TOKEN_SECRET: TEST_TOKEN_SECRET,
      LOG_LEVEL: 'debug',
    });
    const { app } = await buildApp({ config, logger: { level: 'debug', stream } });
    await app.ready();
    try {
      const customer = await createConversation(app, 'en');
      const reply = await postMessage(
        app,
        customer,
        `I want to talk to a human. Mail ${PERSONAL_DATA.email}, call ${PERSONAL_DATA.phone}, my card ${PERSONAL_DATA.card}, IBAN ${PERSONAL_DATA.iban}`,
      );
      expect(reply.json().reply.tier).toBe('human');
      await app.slack?.idle();
      // The card did reach Slack with the customer's words (staff need them)...
      const card = JSON.stringify(slackApi.cardsIn(SLACK_TEST_HANDOFF_CHANNEL));
      expect(card).toContain(PERSONAL_DATA.email);
      // ...and the debug log is really on, yet holds none of them.
      const log = lines.join('');
      expect(app.log.level).toBe('debug');
      expect(log).toMatch(/Slack is on/);
      for (const value of Object.values(PERSONAL_DATA)) expect(log).not.toContain(value);
      expect(log).not.toContain('jana.novak');
    } finally {
      await app.slack?.idle();
      await app.close();
    }
  });
});
