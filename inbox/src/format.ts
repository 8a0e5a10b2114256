const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  fr: 'French',
  de: 'German',
  es: 'Spanish',
  it: 'Italian',
};

export const languageLabel = (language: string | null) =>
  language ? (LANGUAGE_NAMES[language] ?? language) : 'language unknown';

export const reasonLabel = (reason: string) => reason.replace(/_/g, ' ');

/** "4 min", "2 h 5 min", "3 d": how long someone has waited, short enough for a phone. */
export function duration(fromIso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 60_000));
  if (minutes < 1) return 'under 1 min';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d`;
}

export const clock = (iso: string) =>
  new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export const STATE_LABELS: Record<string, string> = {
  bot: 'with the bot',
  handoff_requested: 'waiting for a person',
  human: 'held by staff',
  resolved: 'resolved',
};

/** An element with text content only: customer text never becomes markup. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}
