import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../../src/core/language/language.js';
import {
  createConversation,
  createTestApp,
  postMessage,
  type TestApp,
} from '../../support/test-app.js';

/** Customer messages as they come, in each language, and the reply each must get offline. */
const CASES: Record<
  Language,
  {
    dispute: string;
    complaint: string;
    greeting: string;
    disputeReply: RegExp;
    complaintReply: RegExp;
    greetingReply: RegExp;
    action: string;
  }
> = {
  en: {
    dispute: 'You charged me twice for the same order, I want my money back',
    complaint: 'This is outrageous, my order has not arrived after two weeks and nobody cares!',
    greeting: 'helo',
    disputeReply: /^I'm sorry about this charge\./,
    complaintReply: /^I'm sorry, that's not the experience/,
    greetingReply: /^Hello! How can I help you today\?/,
    action: 'Talk to a person',
  },
  fr: {
    dispute: 'Vous m’avez débité deux fois la même commande, je veux être remboursé',
    complaint: 'C’est scandaleux, ma commande n’est toujours pas arrivée après deux semaines !',
    greeting: 'Bonjour !',
    disputeReply: /^Je suis désolé pour ce prélèvement\./,
    complaintReply: /^Je suis désolé, ce n'est pas l'expérience/,
    greetingReply: /^Bonjour ! Comment puis-je vous aider \?/,
    action: 'Parler à un conseiller',
  },
  de: {
    dispute: 'Sie haben mir dieselbe Bestellung zweimal abgebucht, ich will mein Geld zurück',
    complaint: 'Das ist eine Frechheit, meine Bestellung ist seit zwei Wochen nicht angekommen!',
    greeting: 'Hallo',
    disputeReply: /^Das mit dieser Abbuchung tut mir leid\./,
    complaintReply: /^Das tut mir leid, so soll es bei uns nicht laufen\./,
    greetingReply: /^Hallo! Wie kann ich Ihnen helfen\?/,
    action: 'Mit einem Menschen sprechen',
  },
  es: {
    dispute: 'Me habéis cobrado dos veces el mismo pedido, quiero que me devolváis el dinero',
    complaint: 'Es una vergüenza, mi pedido no ha llegado después de dos semanas y nadie responde',
    greeting: 'hola!!',
    disputeReply: /^Siento lo de este cargo\./,
    complaintReply: /^Lo siento, no es la experiencia/,
    greetingReply: /^¡Hola! ¿En qué puedo ayudarte\?/,
    action: 'Hablar con una persona',
  },
  it: {
    dispute: 'Mi avete addebitato due volte lo stesso ordine, rivoglio i miei soldi',
    complaint: 'È una vergogna, il mio ordine non è arrivato dopo due settimane e nessuno risponde',
    greeting: 'Buongiorno',
    disputeReply: /^Mi dispiace per questo addebito\./,
    complaintReply: /^Mi dispiace, non è l'esperienza/,
    greetingReply: /^Ciao! Come posso aiutarti\?/,
    action: 'Parla con una persona',
  },
};

describe('honest offline replies on the embedded defaults (no large model)', {
  timeout: 60_000,
}, () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp();
  });
  afterAll(async () => {
    await test?.close();
  });

  async function turn(language: Language, text: string) {
    const conversation = await createConversation(test.app, language);
    const response = await postMessage(test.app, conversation, text);
    expect(response.statusCode).toBe(200);
    return { conversation, reply: response.json().reply };
  }

  describe.each(Object.entries(CASES) as Array<[Language, (typeof CASES)[Language]]>)(
    '%s',
    (language, cases) => {
      it('a billing dispute gets an acknowledgement and the offer of a person, not a help-center passage', async () => {
        const { reply } = await turn(language, cases.dispute);
        expect(reply.text).toMatch(cases.disputeReply);
        expect(reply).toMatchObject({
          tier: 'large',
          reasons: expect.arrayContaining(['billing_dispute']),
          citations: [],
          language,
          actions: [{ type: 'handoff', label: cases.action }],
        });
      });

      it('a complaint gets an apology and the offer of a person', async () => {
        const { reply } = await turn(language, cases.complaint);
        expect(reply.text).toMatch(cases.complaintReply);
        expect(reply).toMatchObject({
          tier: 'large',
          reasons: expect.arrayContaining(['negative_sentiment']),
          citations: [],
          actions: [{ type: 'handoff', label: cases.action }],
        });
      });

      it('a greeting gets a greeting, routed small, with no escalation record', async () => {
        const before = await test.services.escalations.list({}, { limit: 100 });
        const { conversation, reply } = await turn(language, cases.greeting);
        expect(reply.text).toMatch(cases.greetingReply);
        expect(reply).toMatchObject({ tier: 'small', reasons: [], citations: [] });
        expect(reply.actions).toBeUndefined();
        const after = await test.services.escalations.list({}, { limit: 100 });
        expect(after.items.length).toBe(before.items.length);
        expect(after.items.some((record) => record.conversationId === conversation.id)).toBe(false);
      });
    },
  );

  it('small talk with typos and in any of the five languages is never low_retrieval', async () => {
    for (const text of [
      'hi',
      'ok',
      'Ok.',
      'thnks!',
      'merci beaucoup',
      'Vielen Dank',
      'grazie mille',
      'muchas gracias',
      'tschüss',
      'bye',
      'au revoir',
    ]) {
      const { reply } = await turn('en', text);
      expect(reply, text).toMatchObject({ tier: 'small', reasons: [] });
    }
  });

  it.each(Object.keys(CASES) as Language[])(
    'the handoff button (%s) sends a request that hands the conversation over',
    async (language) => {
      const { conversation, reply } = await turn(language, CASES[language].dispute);
      expect(reply.actions).toHaveLength(1);
      // What the widget sends when the button is clicked.
      const { askForPerson } = JSON.parse(
        readFileSync(
          resolve(import.meta.dirname, `../../../locales/widget/${language}.json`),
          'utf8',
        ),
      ) as { askForPerson: string };
      const asked = await postMessage(test.app, conversation, askForPerson);
      expect(asked.json().reply).toMatchObject({ tier: 'human', handoff: true, language });
      expect((await test.services.conversations.getConversation(conversation.id)).state).toBe(
        'handoff_requested',
      );
    },
  );
});
