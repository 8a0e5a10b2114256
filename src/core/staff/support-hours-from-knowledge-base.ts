import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';

/**
 * The `support_hours` front-matter field of the knowledge base's contact article (kb/<lang>/
 * contact-hours.md), so the hours customers read in the help center and the ones the handoff
 * message uses are one value. Undefined when no article has the field (or the folder is absent).
 */
export function supportHoursFromKnowledgeBase(knowledgeBaseDir: string): string | undefined {
  let languages: string[];
  try {
    languages = readdirSync(knowledgeBaseDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return undefined;
  }
  for (const language of languages) {
    const folder = join(knowledgeBaseDir, language);
    for (const name of readdirSync(folder)
      .filter((file) => file.endsWith('.md'))
      .sort()) {
      const hours = matter(readFileSync(join(folder, name), 'utf8')).data.support_hours;
      if (typeof hours === 'string' && hours.trim() !== '') return hours.trim();
    }
  }
  return undefined;
}
