import { describe, expect, it } from 'vitest';
import { detectSmallTalk } from '../../../src/core/routing/small-talk.js';

describe('detectSmallTalk', () => {
  it.each([
    ['hi', 'greeting'],
    ['Hello there!', 'greeting'],
    ['helo', 'greeting'],
    ['hiii', 'greeting'],
    ['Bonjour', 'greeting'],
    ['bonjuor', 'greeting'],
    ['Guten Tag', 'greeting'],
    ['¡Hola!', 'greeting'],
    ['Buongiorno', 'greeting'],
    ['thnks!', 'thanks'],
    ['thanks a lot', 'thanks'],
    ['Merci beaucoup !', 'thanks'],
    ['danke schön', 'thanks'],
    ['muchas grasias', 'thanks'],
    ['grazie mille', 'thanks'],
    ['bye', 'goodbye'],
    ['Au revoir', 'goodbye'],
    ['Tschüss!', 'goodbye'],
    ['hasta luego', 'goodbye'],
    ['arrivederci', 'goodbye'],
    ['ok', 'acknowledgement'],
    ['Okay.', 'acknowledgement'],
    ["d'accord", 'acknowledgement'],
    ['alles klar', 'acknowledgement'],
    ['vale', 'acknowledgement'],
    ['va bene', 'acknowledgement'],
    ['ok thanks bye', 'goodbye'],
  ])('%s is %s', (text, kind) => {
    expect(detectSmallTalk(text)).toBe(kind);
  });

  it.each([
    'hi, where is my order?',
    'ok but my parcel is late',
    'thank you, how do I return shoes?',
    'Bonjour, je veux parler à un conseiller',
    'yes',
    'oui',
    'no',
    '???',
    '',
    'hello hello hello hello hello hello hello hello',
  ])('%s is no small talk', (text) => {
    expect(detectSmallTalk(text)).toBeUndefined();
  });
});
