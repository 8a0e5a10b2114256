import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import { z } from 'zod';
import type { Language } from '../language/language.js';
import { isLanguage, SUPPORTED_LANGUAGES } from '../language/language.js';

/** One `## ` section of a knowledge-base article: the unit the retrievers index and cite. */
export interface KnowledgeBasePassage {
  /** `<lang>/<slug>#<section-slug>`: stable across restarts as long as the heading does not change. */
  id: string;
  language: Language;
  /** The article file name without `.md`; the same slug names the same article in every language. */
  articleSlug: string;
  articleTitle: string;
  /**
   * The front matter's `keywords`: words customers type for the article's topic that its text may
   * not use (brand names, synonyms, regional words). Searched, never shown.
   */
  articleKeywords: string[];
  topic: string;
  heading: string;
  /** `<article title> — <section heading>` */
  title: string;
  /** The section's anchor on its page: unique within the article, the part of `id` after `#`. */
  anchor: string;
  /** False for the text before the first `## ` heading, which is titled after the article. */
  hasHeading: boolean;
  /**
   * Where a citation of this passage links: the front matter's `url` plus `#<anchor>`, or, without
   * one, the article's page on Parley's own help center (helpCenterPath), site-relative.
   */
  url: string;
  text: string;
}

export interface KnowledgeBase {
  passages: KnowledgeBasePassage[];
  /** Short content hash of every article file: changes whenever any article changes. */
  version: string;
  articleCount: number;
  /** Entries that were skipped (folders that name no supported language): worth logging, not worth refusing to start. */
  warnings: string[];
}

export class KnowledgeBaseError extends Error {
  override readonly name = 'KnowledgeBaseError';
}

const frontMatterSchema = z.object({
  title: z.string().trim().min(1, 'must be a non-empty string'),
  /** Optional: without it, citations link to the article on Parley's help center (/help/...). */
  url: z
    .string()
    .trim()
    .refine((value) => /^https?:\/\/\S+$/.test(value) || /^\/\S*$/.test(value), {
      message: 'must be an absolute http(s) URL or a path starting with "/"',
    })
    .optional(),
  topic: z.string().trim().min(1, 'must be a non-empty string'),
  /** Optional: see KnowledgeBasePassage.articleKeywords. */
  keywords: z
    .array(z.string().trim().min(1, 'must be non-empty strings'), {
      error: 'must be a list of words, e.g. [paypal, klarna]',
    })
    .max(100, 'must list at most 100 words')
    .optional(),
  /** Optional: when present it must agree with the folder, which catches articles filed in the wrong language. */
  lang: z.string().optional(),
});

const SECTION_HEADING = /^##[ \t]+(.+?)[ \t#]*$/;

/**
 * Reads `<kbDir>/<lang>/*.md`: YAML front matter (`title`, `topic`, optional `url`, `keywords`) and a body of `## ` sections.
 * Each section becomes one passage; text before the first section (if any) becomes a passage titled
 * after the article. Throws KnowledgeBaseError naming the file for anything malformed, because a
 * half-loaded knowledge base would answer wrongly without anyone noticing.
 */
export async function loadKnowledgeBase(kbDir: string): Promise<KnowledgeBase> {
  let entries: Dirent[];
  try {
    entries = await readdir(kbDir, { withFileTypes: true });
  } catch (error) {
    throw new KnowledgeBaseError(
      `Cannot read the knowledge base folder ${kbDir}: ${(error as Error).message}`,
    );
  }

  const warnings: string[] = [];
  const passages: KnowledgeBasePassage[] = [];
  const hash = createHash('sha256');
  let articleCount = 0;

  const languageFolders = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();

  for (const folder of languageFolders) {
    if (!isLanguage(folder)) {
      warnings.push(
        `${path.join(kbDir, folder)}: skipped, "${folder}" is not one of ${SUPPORTED_LANGUAGES.join(', ')}`,
      );
      continue;
    }
    const folderPath = path.join(kbDir, folder);
    const files = (await readdir(folderPath, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
      .map((entry) => entry.name)
      .sort();
    for (const fileName of files) {
      const filePath = path.join(folderPath, fileName);
      const content = await readFile(filePath, 'utf8');
      // Relative path in the hash so that moving an article to another language changes the version.
      hash.update(`${folder}/${fileName}\0${content}\0`);
      passages.push(...parseArticle(content, filePath, folder, fileName.slice(0, -'.md'.length)));
      articleCount += 1;
    }
  }

  return { passages, version: hash.digest('hex').slice(0, 12), articleCount, warnings };
}

/** kb/ is data: front matter in any language but YAML (js-yaml's safe schema) is refused. */
function refuseFrontMatter(language: string) {
  return {
    parse(): never {
      throw new Error(
        `front matter in "${language}" is not accepted; write it as YAML (--- ... ---)`,
      );
    },
  };
}

const YAML_ONLY = {
  language: 'yaml',
  engines: Object.fromEntries(
    ['js', 'javascript', 'coffee', 'coffeescript', 'cson', 'json', 'toml'].map((language) => [
      language,
      refuseFrontMatter(language),
    ]),
  ),
};

/** Parses one article into passages; exported for tests and for `parley kb index`. */
export function parseArticle(
  content: string,
  filePath: string,
  language: Language,
  articleSlug: string,
): KnowledgeBasePassage[] {
  let parsed: matter.GrayMatterFile<string>;
  try {
    // An options object turns off gray-matter's process-wide cache, which would hand back shared
    // objects. YAML only: gray-matter would otherwise eval `---js` front matter in the server.
    parsed = matter(content, YAML_ONLY);
  } catch (error) {
    throw new KnowledgeBaseError(`${filePath}: invalid front matter: ${(error as Error).message}`);
  }
  const frontMatter = frontMatterSchema.safeParse(parsed.data);
  if (!frontMatter.success) {
    const problems = frontMatter.error.issues
      .map((issue) => `"${issue.path.join('.') || 'front matter'}" ${issue.message}`)
      .join('; ');
    throw new KnowledgeBaseError(`${filePath}: invalid front matter: ${problems}`);
  }
  const { title: articleTitle, url, topic, lang, keywords = [] } = frontMatter.data;
  if (lang !== undefined && lang !== language) {
    throw new KnowledgeBaseError(
      `${filePath}: front matter says lang "${lang}" but the file is in the "${language}" folder`,
    );
  }

  const sections = splitSections(parsed.content);
  if (sections.length === 0) {
    throw new KnowledgeBaseError(
      `${filePath}: the article has no text (expected "## Heading" sections)`,
    );
  }

  const emptySection = sections.find((section) => section.text === '');
  if (emptySection) {
    throw new KnowledgeBaseError(`${filePath}: section "## ${emptySection.heading}" has no text`);
  }

  const articleUrl = url?.split('#')[0] ?? helpCenterPath(language, articleSlug);
  const usedSlugs = new Map<string, number>();
  return sections.map((section) => {
    const baseSlug = slugify(section.heading ?? articleTitle) || 'section';
    const seen = usedSlugs.get(baseSlug) ?? 0;
    usedSlugs.set(baseSlug, seen + 1);
    const sectionSlug = seen === 0 ? baseSlug : `${baseSlug}-${seen + 1}`;
    const heading = section.heading ?? articleTitle;
    return {
      id: `${language}/${articleSlug}#${sectionSlug}`,
      language,
      articleSlug,
      articleTitle,
      articleKeywords: keywords,
      topic,
      heading,
      title: section.heading === undefined ? articleTitle : `${articleTitle} — ${heading}`,
      anchor: sectionSlug,
      hasHeading: section.heading !== undefined,
      url: `${articleUrl}#${sectionSlug}`,
      text: section.text,
    };
  });
}

/**
 * The article's page on the help center Parley serves from kb/ (src/http/help-center-routes.ts).
 * Site-relative: the widget resolves it against the Parley server it talks to, wherever it is embedded.
 */
export function helpCenterPath(language: Language, articleSlug: string): string {
  return `/help/${language}/${encodeURIComponent(articleSlug)}`;
}

interface Section {
  /** Undefined for the text before the first heading. */
  heading: string | undefined;
  text: string;
}

function splitSections(body: string): Section[] {
  const sections: Section[] = [];
  let current: Section = { heading: undefined, text: '' };
  const lines: string[] = [];
  const flush = () => {
    const text = lines.join('\n').trim();
    lines.length = 0;
    // Empty headed sections are kept so that the caller can name them in an error.
    if (current.heading !== undefined || text !== '') sections.push({ ...current, text });
  };
  for (const line of body.split(/\r?\n/)) {
    const match = SECTION_HEADING.exec(line);
    if (match?.[1]) {
      flush();
      current = { heading: match[1].trim(), text: '' };
    } else {
      lines.push(line);
    }
  }
  flush();
  return sections;
}

/** Lowercase ASCII anchor from a heading: "Délais de livraison" → "delais-de-livraison". */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
