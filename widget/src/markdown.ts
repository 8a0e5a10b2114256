/**
 * A deliberately small Markdown subset for chat text (paragraphs, line breaks, lists, headings,
 * quotes, code, emphasis, links), built as DOM nodes with text nodes only: message text is never
 * parsed as HTML, so markup such as `<img onerror=…>` shows as the characters it is.
 * (marked + DOMPurify would cost about 27 KB gzipped, more than the whole widget budget.)
 */

import { safeHref } from './safe-href.js';

export interface MarkdownOptions {
  /** Visually hidden text appended to links that open a new tab. */
  newTabLabel: string;
}

type Block =
  | { kind: 'paragraph' | 'quote'; lines: string[] }
  | { kind: 'heading' | 'code'; text: string }
  | { kind: 'list'; ordered: boolean; start: number; items: string[] }
  | { kind: 'rule' };

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** ```code``` on one line: staff type that in Slack for a short command; it is a code block there too. */
const ONE_LINE_FENCE = /^ {0,3}(`{3,}|~{3,})(.*?[^`~].*?)\1\s*$/;
const HEADING = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/;
const LIST_ITEM = /^ {0,3}(?:[-*+]|(\d{1,9})[.)])\s+(.*)$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;

function startsBlock(line: string): boolean {
  return (
    FENCE.test(line) ||
    HEADING.test(line) ||
    LIST_ITEM.test(line) ||
    QUOTE.test(line) ||
    RULE.test(line)
  );
}

function parseBlocks(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let index = 0;
  const at = (position: number) => lines[position] ?? '';
  while (index < lines.length) {
    const line = at(index);
    if (line.trim() === '') {
      index++;
      continue;
    }
    const oneLine = ONE_LINE_FENCE.exec(line);
    if (oneLine) {
      blocks.push({ kind: 'code', text: (oneLine[2] ?? '').trim() });
      index++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const code: string[] = [];
      index++;
      while (
        index < lines.length &&
        !at(index)
          .trimStart()
          .startsWith(fence[1] ?? '```')
      )
        code.push(at(index++));
      index++;
      blocks.push({ kind: 'code', text: code.join('\n') });
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ kind: 'rule' });
      index++;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', text: heading[1] ?? '' });
      index++;
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const ordered = item[1] !== undefined;
      const items = [item[2] ?? ''];
      const sameKind = (candidate: string) => {
        const match = LIST_ITEM.exec(candidate);
        return match !== null && (match[1] !== undefined) === ordered ? match : null;
      };
      index++;
      while (index < lines.length) {
        const next = at(index);
        const nextItem = sameKind(next);
        if (nextItem) items.push(nextItem[2] ?? '');
        else if (next.trim() !== '' && /^\s{2,}/.test(next))
          items[items.length - 1] += `\n${next.trim()}`;
        else if (!(next.trim() === '' && sameKind(at(index + 1)))) break;
        index++;
      }
      blocks.push({ kind: 'list', ordered, start: ordered ? Number(item[1]) : 1, items });
      continue;
    }
    if (QUOTE.test(line)) {
      const quoted: string[] = [];
      for (
        let match = QUOTE.exec(at(index));
        match && index < lines.length;
        match = QUOTE.exec(at(++index))
      )
        quoted.push(match[1] ?? '');
      blocks.push({ kind: 'quote', lines: quoted });
      continue;
    }
    const paragraph = [line];
    index++;
    while (index < lines.length && at(index).trim() !== '' && !startsBlock(at(index)))
      paragraph.push(at(index++));
    blocks.push({ kind: 'paragraph', lines: paragraph });
  }
  return blocks;
}

const ESCAPABLE = /[\\`*_[\]()#+\-.!<>~|]/;
const LINK =
  /\[([^\]\n]{1,500})\]\(\s*<?([^()\s<>]*(?:\([^()\s]*\)[^()\s<>]*)*)>?(?:\s+"[^"\n]*")?\s*\)/y;
const ANGLE_LINK = /<((?:https?:\/\/|mailto:)[^\s<>]+)>/y;
const BARE_URL = /(?:https?:\/\/|www\.)[^\s<>"]+/iy;
const EMAIL = /[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/y;
const WORD = /[\p{L}\p{N}_]/u;

function stickyMatch(pattern: RegExp, text: string, position: number): RegExpExecArray | null {
  pattern.lastIndex = position;
  return pattern.exec(text);
}

/** Trailing punctuation belongs to the sentence, not the URL (unless it closes a parenthesis in it). */
function trimUrl(url: string): string {
  let end = url.length;
  for (;;) {
    const last = url[end - 1] ?? '';
    if ('.,;:!?\'"*_'.includes(last)) end--;
    else if (
      last === ')' &&
      (url.slice(0, end).match(/\(/g) ?? []).length < (url.slice(0, end).match(/\)/g) ?? []).length
    )
      end--;
    else return url.slice(0, end);
  }
}

export function createMarkdownRenderer(ownerDocument: Document, options: MarkdownOptions) {
  const element = <K extends keyof HTMLElementTagNameMap>(
    tag: K,
    ...children: (Node | string)[]
  ) => {
    const node = ownerDocument.createElement(tag);
    node.append(...children);
    return node;
  };

  function link(href: string, label: Node | string): HTMLAnchorElement {
    const anchor = element('a', label);
    anchor.href = href;
    anchor.target = '_blank';
    anchor.rel = 'noopener noreferrer';
    if (!href.startsWith('mailto:')) {
      const hint = element('span', ` ${options.newTabLabel}`);
      hint.className = 'sr-only';
      anchor.append(hint);
    }
    return anchor;
  }

  function appendInline(parent: Node, text: string, inLink = false, depth = 0): void {
    let buffer = '';
    const flush = () => {
      if (buffer) parent.appendChild(ownerDocument.createTextNode(buffer));
      buffer = '';
    };
    let position = 0;
    while (position < text.length) {
      const character = text[position] ?? '';
      const previous = text[position - 1] ?? ' ';
      if (character === '\\' && ESCAPABLE.test(text[position + 1] ?? '')) {
        buffer += text[position + 1];
        position += 2;
        continue;
      }
      if (character === '`') {
        const end = text.indexOf('`', position + 1);
        if (end > position + 1) {
          flush();
          parent.appendChild(element('code', text.slice(position + 1, end)));
          position = end + 1;
          continue;
        }
      }
      if (
        (character === '*' ||
          character === '_' ||
          (character === '~' && text[position + 1] === '~')) &&
        depth < 4
      ) {
        const marker = text[position + 1] === character ? character + character : character;
        const inner = text[position + marker.length] ?? ' ';
        const intraword = character === '_' && WORD.test(previous);
        const end =
          intraword || /\s/.test(inner) ? -1 : text.indexOf(marker, position + marker.length + 1);
        const before = text[end - 1] ?? ' ';
        const after = text[end + marker.length] ?? ' ';
        if (end > 0 && !/\s/.test(before) && !(character === '_' && WORD.test(after))) {
          flush();
          const tag = character === '~' ? 's' : marker.length === 2 ? 'strong' : 'em';
          const node = element(tag);
          appendInline(node, text.slice(position + marker.length, end), inLink, depth + 1);
          parent.appendChild(node);
          position = end + marker.length;
          continue;
        }
      }
      if (!inLink) {
        const markdownLink = character === '[' ? stickyMatch(LINK, text, position) : null;
        if (markdownLink) {
          flush();
          const href = safeHref(markdownLink[2] ?? '');
          const label = ownerDocument.createDocumentFragment();
          appendInline(label, markdownLink[1] ?? '', true, depth + 1);
          parent.appendChild(href ? link(href, label) : label);
          position += markdownLink[0].length;
          continue;
        }
        const angle = character === '<' ? stickyMatch(ANGLE_LINK, text, position) : null;
        const angleHref = angle ? safeHref(angle[1] ?? '') : undefined;
        if (angle && angleHref) {
          flush();
          parent.appendChild(link(angleHref, angle[1] ?? ''));
          position += angle[0].length;
          continue;
        }
        if (!WORD.test(previous) && previous !== '/' && WORD.test(character)) {
          const bare = stickyMatch(BARE_URL, text, position);
          const email = bare ? null : stickyMatch(EMAIL, text, position);
          const raw = bare ? trimUrl(bare[0]) : email?.[0];
          const href = raw ? safeHref(bare ? raw : `mailto:${raw}`) : undefined;
          if (raw && href) {
            flush();
            parent.appendChild(link(href, raw));
            position += raw.length;
            continue;
          }
        }
      }
      buffer += character;
      position++;
    }
    flush();
  }

  function appendLines(parent: Node, lines: string[]): void {
    lines.forEach((line, index) => {
      if (index > 0) parent.appendChild(element('br'));
      appendInline(parent, line.trim());
    });
  }

  return function render(text: string): DocumentFragment {
    const fragment = ownerDocument.createDocumentFragment();
    for (const block of parseBlocks(text)) {
      if (block.kind === 'paragraph' || block.kind === 'quote') {
        const node = element(block.kind === 'quote' ? 'blockquote' : 'p');
        appendLines(node, block.lines);
        fragment.appendChild(node);
      } else if (block.kind === 'heading') {
        // Real heading levels inside a chat bubble would scramble the host page's outline.
        const strong = element('strong');
        appendInline(strong, block.text);
        fragment.appendChild(element('p', strong));
      } else if (block.kind === 'code') {
        fragment.appendChild(element('pre', element('code', block.text)));
      } else if (block.kind === 'rule') {
        fragment.appendChild(element('hr'));
      } else if (block.kind === 'list') {
        const list = element(block.ordered ? 'ol' : 'ul');
        if (block.ordered && block.start !== 1) (list as HTMLOListElement).start = block.start;
        for (const item of block.items) {
          const entry = element('li');
          appendLines(entry, item.split('\n'));
          list.appendChild(entry);
        }
        fragment.appendChild(list);
      }
    }
    return fragment;
  };
}
