import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  FastifySchemaCompiler,
} from 'fastify';
import { z } from 'zod';
import { isLanguage, type Language, SUPPORTED_LANGUAGES } from '../core/language/language.js';
import type { KnowledgeBase } from '../core/retrieval/knowledge-base-loader.js';
import { errorBody } from './error-handler.js';
import { articlesFromPassages, type HelpArticle } from './help-center/help-center-articles.js';

type HelpCenterPages = typeof import('./help-center/help-center-pages.js');

/**
 * Any string: an unknown language or article is a 404 (a page that does not exist), not a 400.
 * The router already limits a parameter's length (414 past it).
 */
export const helpCenterIndexParams = z.object({ language: z.string() });
export const helpCenterArticleParams = z.object({ language: z.string(), article: z.string() });

/** Validates `schema.params` with zod; the app has no zod compiler of its own (yet). */
const zodValidatorCompiler: FastifySchemaCompiler<FastifySchema> = ({ schema }) => {
  const zodSchema = schema as z.ZodType;
  return (data) => {
    const result = zodSchema.safeParse(data);
    return result.success ? { value: result.data } : { error: result.error };
  };
};

/** No script at all, and one inline stylesheet allowed by its hash. */
function contentSecurityPolicy(styleSource: string): string {
  return [
    "default-src 'none'",
    `style-src ${styleSource}`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function sendPage(reply: FastifyReply, status: number, body: string, pages: HelpCenterPages) {
  return (
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      // kb/ is read once at startup: a page changes only with a restart.
      .header('cache-control', 'public, max-age=300')
      .header('content-security-policy', contentSecurityPolicy(pages.HELP_CENTER_STYLE_SOURCE))
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'strict-origin-when-cross-origin')
      .header('vary', 'accept')
      .send(body)
  );
}

/** People follow these links in a browser: they get a page; scripts and API clients get JSON. */
function acceptsHtml(request: FastifyRequest): boolean {
  return /\btext\/html\b/.test(String(request.headers.accept ?? ''));
}

/**
 * The local knowledge base (kb/) as a plain help center: GET /help/:language lists the articles,
 * GET /help/:language/:article shows one with an anchor per section, which is where the local
 * retriever's citations link. Each page is rendered once, on its first request, from the articles
 * the retriever already loaded (no file is read here). Without a local knowledge base
 * (RETRIEVER=bedrock) every help path is a 404 that says why.
 */
export async function helpCenterRoutes(
  app: FastifyInstance,
  deps: { knowledgeBase: KnowledgeBase | undefined },
): Promise<void> {
  const articles = articlesFromPassages(deps.knowledgeBase?.passages ?? []);
  const languages = SUPPORTED_LANGUAGES.filter((language) => articles.has(language));
  const articleByPath = new Map(
    [...articles.values()]
      .flat()
      .map((article) => [`${article.language}/${article.slug}`, article]),
  );
  // Rendered on first request and kept: startup loads neither marked nor pages nobody opens.
  let pagesModule: Promise<HelpCenterPages> | undefined;
  const loadPages = () => {
    pagesModule ??= import('./help-center/help-center-pages.js');
    return pagesModule;
  };
  const rendered = new Map<string, string>();
  function cachedPage(key: string, render: () => string): string {
    let page = rendered.get(key);
    if (page === undefined) {
      page = render();
      rendered.set(key, page);
    }
    return page;
  }
  function indexPage(pages: HelpCenterPages, language: Language, list: HelpArticle[]): string {
    return cachedPage(language, () =>
      pages.renderIndexPage(
        language,
        list,
        languages.filter((other) => other !== language),
      ),
    );
  }
  function articlePage(pages: HelpCenterPages, article: HelpArticle): string {
    return cachedPage(`${article.language}/${article.slug}`, () =>
      pages.renderArticlePage(
        article,
        languages.filter(
          (other) => other !== article.language && articleByPath.has(`${other}/${article.slug}`),
        ),
      ),
    );
  }

  async function notFound(
    request: FastifyRequest,
    reply: FastifyReply,
    language: string,
    message: string,
  ) {
    if (deps.knowledgeBase === undefined)
      return reply
        .status(404)
        .send(
          errorBody(
            'not_found',
            'This server has no help center: it answers from a Bedrock Knowledge Base (RETRIEVER=bedrock), whose citations link to its own pages. The help center serves the local knowledge base (RETRIEVER=local).',
          ),
        );
    if (acceptsHtml(request)) {
      const pages = await loadPages();
      const pageLanguage = isLanguage(language) ? language : 'en';
      const page = cachedPage(`404:${pageLanguage}`, () => pages.renderNotFoundPage(pageLanguage));
      return sendPage(reply, 404, page, pages);
    }
    return reply.status(404).send(errorBody('not_found', message));
  }

  function unknownLanguage(language: string) {
    return `There is no help center in "${language}"; it has ${languages.join(', ')}.`;
  }

  app.get<{ Params: z.infer<typeof helpCenterIndexParams> }>(
    '/help/:language',
    { schema: { params: helpCenterIndexParams }, validatorCompiler: zodValidatorCompiler },
    async (request, reply) => {
      const { language } = request.params;
      const list = isLanguage(language) ? articles.get(language) : undefined;
      if (!isLanguage(language) || !list)
        return notFound(request, reply, language, unknownLanguage(language));
      const pages = await loadPages();
      return sendPage(reply, 200, indexPage(pages, language, list), pages);
    },
  );

  app.get<{ Params: z.infer<typeof helpCenterArticleParams> }>(
    '/help/:language/:article',
    { schema: { params: helpCenterArticleParams }, validatorCompiler: zodValidatorCompiler },
    async (request, reply) => {
      const { language, article } = request.params;
      const found = articleByPath.get(`${language}/${article}`);
      if (found) {
        const pages = await loadPages();
        return sendPage(reply, 200, articlePage(pages, found), pages);
      }
      const message =
        isLanguage(language) && articles.has(language)
          ? `There is no help article "${article}" in "${language}"; GET /help/${language} lists them.`
          : unknownLanguage(language);
      return notFound(request, reply, language, message);
    },
  );
}
