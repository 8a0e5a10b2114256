import { beforeAll, describe, expect, it } from 'vitest';
import type { Language } from '../../src/core/language/language.js';
import { isLanguage, SUPPORTED_LANGUAGES } from '../../src/core/language/language.js';
import type { LanguageDetector } from '../../src/core/language/language-detector.js';
import { DEFAULT_CONFIDENCE_THRESHOLD } from '../../src/core/language/resolve-language.js';

/** Paragraph-length customer messages: every engine we ship must name these, and be sure of it. */
const CLEAR_MESSAGES: Readonly<Record<Language, readonly string[]>> = {
  en: [
    'Hello, I ordered a pair of shoes two weeks ago and they still have not arrived. Could you tell me where my parcel is?',
    'I was charged twice for the same invoice. Please refund the second payment to my credit card.',
  ],
  fr: [
    "Bonjour, j'ai commandé une paire de chaussures il y a deux semaines et je ne les ai toujours pas reçues. Pouvez-vous me dire où est mon colis ?",
    "J'ai été débité deux fois pour la même facture. Merci de rembourser le second paiement sur ma carte bancaire.",
  ],
  de: [
    'Hallo, ich habe vor zwei Wochen ein Paar Schuhe bestellt und sie sind immer noch nicht angekommen. Können Sie mir sagen, wo mein Paket ist?',
    'Mir wurde dieselbe Rechnung zweimal belastet. Bitte erstatten Sie die zweite Zahlung auf meine Kreditkarte.',
  ],
  es: [
    'Hola, pedí un par de zapatos hace dos semanas y todavía no han llegado. ¿Podrían decirme dónde está mi paquete?',
    'Me han cobrado dos veces la misma factura. Por favor, devuelvan el segundo pago a mi tarjeta de crédito.',
  ],
  it: [
    'Buongiorno, ho ordinato un paio di scarpe due settimane fa e non sono ancora arrivate. Potete dirmi dov’è il mio pacco?',
    'Mi è stata addebitata due volte la stessa fattura. Vi prego di rimborsare il secondo pagamento sulla mia carta di credito.',
  ],
};

const WITHOUT_LETTERS = [
  '12345 !!!',
  '',
  '   ',
  '\n',
  '🙂👍🎉',
  '+33 6 12 34 56 78',
  '€ 49,99 — #4711 (2×)',
  '...?!',
];

/** Inputs an engine must survive without leaving its contract: other languages, scripts, odd strings. */
const ODD_INPUTS = [
  'Onde está a minha encomenda? Devia ter chegado na semana passada.',
  'Waar blijft mijn bestelling? Die zou vorige week komen.',
  'Где мой заказ? Он должен был прийти на прошлой неделе.',
  '我的订单在哪里？',
  'أين طلبي؟',
  'a',
  'é',
  'ok',
  'si',
  'WHERE IS MY ORDER',
  'https://shop.example.com/orders/4711?ref=mail',
  'Bonjour, I need help with mi pedido bitte',
  'order #A-4711-ZX',
  '\uD800 broken surrogate',
  'lorem '.repeat(2_000),
];

/**
 * Registers the behaviour every `LanguageDetector` promises, for one implementation.
 * `createDetector` runs once per suite (engines can take a second or two to load their model).
 */
export function languageDetectorContract(
  implementation: string,
  createDetector: () => LanguageDetector | Promise<LanguageDetector>,
): void {
  describe(`LanguageDetector contract: ${implementation}`, () => {
    let detector: LanguageDetector;

    beforeAll(async () => {
      detector = await createDetector();
    });

    it('has a name for logs and benchmarks', () => {
      expect(detector.name).toMatch(/\S/);
    });

    for (const language of SUPPORTED_LANGUAGES) {
      it(`identifies clear ${language} messages, confidently`, () => {
        for (const text of CLEAR_MESSAGES[language]) {
          const detection = detector.detect(text);
          expect(detection.language, text).toBe(language);
          expect(detection.confidence, text).toBeGreaterThanOrEqual(DEFAULT_CONFIDENCE_THRESHOLD);
        }
      });
    }

    it('returns no language, with zero confidence, for text without letters', () => {
      for (const text of WITHOUT_LETTERS) {
        expect(detector.detect(text), JSON.stringify(text)).toEqual({
          language: null,
          confidence: 0,
        });
      }
    });

    it('only ever returns a supported language or null, with a confidence within 0..1', () => {
      for (const text of [...ODD_INPUTS, ...Object.values(CLEAR_MESSAGES).flat()]) {
        const detection = detector.detect(text);
        const label = JSON.stringify(text.slice(0, 40));
        expect(detection.language === null || isLanguage(detection.language), label).toBe(true);
        expect(Number.isFinite(detection.confidence), label).toBe(true);
        expect(detection.confidence, label).toBeGreaterThanOrEqual(0);
        expect(detection.confidence, label).toBeLessThanOrEqual(1);
        if (detection.language === null) expect(detection.confidence, label).toBe(0);
      }
    });

    it('is less sure of a two-letter word shared by several languages than of a paragraph', () => {
      const ambiguous = detector.detect('si');
      const paragraph = detector.detect(CLEAR_MESSAGES.it[0] ?? '');
      expect(ambiguous.confidence).toBeLessThan(DEFAULT_CONFIDENCE_THRESHOLD);
      expect(ambiguous.confidence).toBeLessThan(paragraph.confidence);
    });

    it('gives the same answer for the same text (no state carried between calls)', () => {
      const texts = [CLEAR_MESSAGES.de[0] ?? '', 'merci', CLEAR_MESSAGES.es[1] ?? ''];
      const first = texts.map((text) => detector.detect(text));
      const again = [...texts]
        .reverse()
        .map((text) => detector.detect(text))
        .reverse();
      expect(again).toEqual(first);
    });
  });
}
