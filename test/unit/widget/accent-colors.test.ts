import { describe, expect, it } from 'vitest';
import {
  accentPalette,
  BUBBLE_BACKGROUND,
  contrastRatio,
  DEFAULT_ACCENT,
} from '../../../widget/src/accent-colors.js';

describe('the widget accent palette', () => {
  it('keeps WCAG AA text contrast for any accent a site picks', () => {
    for (const accent of [
      '#7a2e4d',
      '#ffd400',
      '#00ff00',
      '#808080',
      '#0000ff',
      '#ffffff',
      '#000000',
      '#e91e63',
      '#9cf',
    ]) {
      const palette = accentPalette(accent);
      expect(
        contrastRatio(palette.onAccent, palette.accent),
        `text on ${accent}`,
      ).toBeGreaterThanOrEqual(4.5);
      expect(
        contrastRatio(palette.accentAsText, BUBBLE_BACKGROUND),
        `links for ${accent}`,
      ).toBeGreaterThanOrEqual(4.5);
      expect(
        contrastRatio(palette.accentAsText, '#ffffff'),
        `links on white for ${accent}`,
      ).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('puts dark text on light accents and white text on dark ones', () => {
    expect(accentPalette('#ffd400').onAccent).toBe('#000000');
    expect(accentPalette('#1a237e').onAccent).toBe('#ffffff');
  });

  it('keeps a dark enough accent as it is and expands short hex', () => {
    expect(accentPalette('#1a237e')).toMatchObject({ accent: '#1a237e', accentAsText: '#1a237e' });
    expect(accentPalette('#a2c').accent).toBe('#aa22cc');
  });

  it('falls back to the default accent for anything that is not a hex colour', () => {
    for (const value of ['red', 'rgb(1,2,3)', 'url(javascript:x)', '', undefined]) {
      expect(accentPalette(value).accent).toBe(DEFAULT_ACCENT);
    }
  });
});
