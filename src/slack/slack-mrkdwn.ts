/**
 * Text conversions between Parley (Markdown-ish answers, plain customer text) and Slack mrkdwn.
 * Slack treats `&`, `<` and `>` as control characters: anything we did not write as markup must
 * be escaped, or a customer could write `<!channel>` and ping the whole support channel.
 */

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A Slack link; the label loses `|` and `>` (they would end the link early). */
export function slackLink(url: string, label?: string): string {
  const safeUrl = url.replace(/[<>|\s]/g, encodeURIComponent);
  if (!label) return `<${safeUrl}>`;
  const safeLabel = escapeMrkdwn(label.replace(/[|]/g, '/')).trim();
  return `<${safeUrl}|${safeLabel || safeUrl}>`;
}

/**
 * A citation as a Slack link. A site-relative URL (the local help center's "/help/fr/shipping#…")
 * is resolved against `publicUrl` (PUBLIC_URL); without one the title stands alone, because Slack
 * has no page to resolve it against and a link to nowhere is worse than none.
 */
export function citationMrkdwn(
  citation: { title: string; url?: string | undefined },
  publicUrl?: string,
): string {
  if (!citation.url) return escapeMrkdwn(citation.title);
  if (/^https?:\/\//i.test(citation.url)) return slackLink(citation.url, citation.title);
  if (!publicUrl || !citation.url.startsWith('/')) return escapeMrkdwn(citation.title);
  return slackLink(new URL(citation.url, publicUrl).href, citation.title);
}

/**
 * A model answer (Markdown: **bold**, [label](url), headings, bullets) as Slack mrkdwn. The text is
 * escaped first, so only the Markdown we convert becomes markup.
 */
export function markdownToMrkdwn(markdown: string): string {
  const links: string[] = [];
  // Links first, from the unescaped text, so URLs and labels are escaped exactly once.
  const withPlaceholders = markdown.replace(
    /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g,
    (_match, label: string, url: string) => {
      links.push(slackLink(url, label));
      return `\u0000${links.length - 1}\u0000`;
    },
  );
  return (
    escapeMrkdwn(withPlaceholders)
      .split('\n')
      .map((line) => {
        const heading = /^#{1,6}\s+(.*)$/.exec(line);
        if (heading) return `*${heading[1]?.trim()}*`;
        return line.replace(/^(\s*)[-*+]\s+/, '$1• ');
      })
      .join('\n')
      .replace(/\*\*([^*\n]+)\*\*/g, '*$1*')
      .replace(/__([^_\n]+)__/g, '*$1*')
      .replace(/~~([^~\n]+)~~/g, '~$1~')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL delimits the link placeholders this function inserted itself.
      .replace(/\u0000(\d+)\u0000/g, (_match, index: string) => links[Number(index)] ?? '')
  );
}

/** Blockquote every line (Slack renders `>` only at a line start). */
export function quoteMrkdwn(mrkdwn: string): string {
  return mrkdwn
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
}

/** Cuts a text at a word boundary so Block Kit limits (3,000 characters per section) hold. */
export function truncate(text: string, maxCharacters: number): string {
  const characters = [...text];
  if (characters.length <= maxCharacters) return text;
  const cut = characters.slice(0, maxCharacters - 1).join('');
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxCharacters * 0.6 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/**
 * A Slack message written by staff, as the text the customer sees (the widget renders Markdown).
 * User and channel references become readable names, links become Markdown links, and Slack's
 * entity escapes are undone.
 */
export function mrkdwnToCustomerText(
  mrkdwn: string,
  names: { users?: Record<string, string> } = {},
): string {
  return mrkdwn
    .replace(
      /<@([UW][A-Z0-9]+)(?:\|([^>]+))?>/g,
      (_match, id: string, label?: string) => `@${label ?? names.users?.[id] ?? 'support'}`,
    )
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<#[A-Z0-9]+>/g, '#channel')
    .replace(
      /<!([a-z]+)(?:\^[^|>]*)?(?:\|([^>]+))?>/g,
      (_match, keyword: string, label?: string) => label ?? `@${keyword}`,
    )
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, (_match, url: string, label: string) =>
      label === url ? url : `[${label}](${url})`,
    )
    .replace(/<((?:https?|mailto):[^>]+)>/g, '$1')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=[\s).,!?:;]|$)/g, '$1**$2**')
    .replace(/(^|[\s(])~([^~\n]+)~(?=[\s).,!?:;]|$)/g, '$1~~$2~~')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}

/** Removes mentions of the bot (`<@U123>`) from a message addressed to it. */
export function stripBotMention(text: string, botUserId: string | undefined): string {
  const mention = botUserId
    ? new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g')
    : /^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>/;
  return text.replace(mention, ' ').replace(/\s+/g, ' ').trim();
}
