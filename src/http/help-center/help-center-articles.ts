import type { Language } from '../../core/language/language.js';
import type { KnowledgeBasePassage } from '../../core/retrieval/knowledge-base-loader.js';

/** One kb/ article as the help center shows it: its passages, in file order, are its sections. */
export interface HelpArticle {
  language: Language;
  slug: string;
  title: string;
  sections: Array<{ anchor: string; heading: string | undefined; text: string }>;
}

/** Groups the loaded passages back into articles (the loader keeps each article's passages together). */
export function articlesFromPassages(
  passages: readonly KnowledgeBasePassage[],
): Map<Language, HelpArticle[]> {
  const byPath = new Map<string, HelpArticle>();
  for (const passage of passages) {
    const key = `${passage.language}/${passage.articleSlug}`;
    let article = byPath.get(key);
    if (!article) {
      article = {
        language: passage.language,
        slug: passage.articleSlug,
        title: passage.articleTitle,
        sections: [],
      };
      byPath.set(key, article);
    }
    article.sections.push({
      anchor: passage.anchor,
      heading: passage.hasHeading ? passage.heading : undefined,
      text: passage.text,
    });
  }
  const articles = new Map<Language, HelpArticle[]>();
  for (const article of byPath.values()) {
    const list = articles.get(article.language) ?? [];
    list.push(article);
    articles.set(article.language, list);
  }
  for (const [language, list] of articles)
    list.sort((left, right) => left.title.localeCompare(right.title, language));
  return articles;
}
