type Rgb = [number, number, number];

export const DEFAULT_ACCENT = '#7a2e4d';
/** Background of assistant bubbles; links on it must stay readable. */
export const BUBBLE_BACKGROUND = '#f2f3f5';

function parseHex(value: string): Rgb | undefined {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim());
  if (!match) return undefined;
  const hex = match[1] ?? '';
  const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
  return [0, 2, 4].map((offset) => parseInt(full.slice(offset, offset + 2), 16)) as Rgb;
}

const toHex = (rgb: Rgb) =>
  `#${rgb.map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`;

function luminance(rgb: Rgb): number {
  const [red, green, blue] = rgb.map((channel) => {
    const value = channel / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
}

export function contrastRatio(first: string, second: string): number {
  const [lighter, darker] = [
    luminance(parseHex(first) ?? [0, 0, 0]),
    luminance(parseHex(second) ?? [0, 0, 0]),
  ].sort((a, b) => b - a) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

export interface AccentPalette {
  /** Launcher, header and the customer's bubbles. */
  accent: string;
  /** Text and icons on the accent: white or black, whichever reads better (WCAG AA). */
  onAccent: string;
  /** The accent darkened until it reads as text on the light bubble (links, focus rings): 4.5:1. */
  accentAsText: string;
}

/** Any hex accent a site picks still yields AA contrast: the widget adapts text colours to it. */
export function accentPalette(requested: string | undefined): AccentPalette {
  const rgb = parseHex(requested ?? '') ?? (parseHex(DEFAULT_ACCENT) as Rgb);
  const accent = toHex(rgb);
  // Against pure white or pure black, one of the two always reaches 4.58:1 at least.
  const onAccent =
    contrastRatio(accent, '#ffffff') >= contrastRatio(accent, '#000000') ? '#ffffff' : '#000000';
  let darker = rgb;
  for (let step = 0; step < 20 && contrastRatio(toHex(darker), BUBBLE_BACKGROUND) < 4.5; step++) {
    darker = darker.map((channel) => channel * 0.85) as Rgb;
  }
  return { accent, onAccent, accentAsText: toHex(darker) };
}
