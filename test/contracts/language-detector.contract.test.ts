import { createEldLanguageDetector } from '../../src/core/language/eld-language-detector.js';
import { createFrancLanguageDetector } from '../../src/core/language/franc-language-detector.js';
import { languageDetectorContract } from './language-detector.contract.js';

languageDetectorContract('eld (large database)', () => createEldLanguageDetector());
languageDetectorContract('franc', () => createFrancLanguageDetector());
