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
import {
  articlesFromPassages,
  HELP_CENTER_STYLE_SOURCE,
  renderArticlePage,
  renderIndexPage,
  renderNotFoundPage,
} from './help-center/help-center-pages.js';

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
const HELP_CENTER_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${HELP_CENTER_STYLE_SOURCE}`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function sendPage(reply: FastifyReply, status: number, body: string) {
  return (
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      // kb/ is read once at startup: a page changes only with a restart.
      .header('cache-control', 'public, max-age=300')
      .header('content-security-policy', HELP_CENTER_CONTENT_SECURITY_POLICY)
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
  // Rendered on first request and kept: startup does not pay for pages nobody opens.
  const rendered = new Map<string, string>();
  function cachedPage(key: string, render: () => string): string {
    let page = rendered.get(key);
    if (page === undefined) {
      page = render();
      rendered.set(key, page);
    }
    return page;
  }
  function indexPage(language: Language): string | undefined {
    const list = articles.get(language);
    if (!list) return undefined;
    return cachedPage(language, () =>
      renderIndexPage(
        language,
        list,
        languages.filter((other) => other !== language),
      ),
    );
  }
  function articlePage(language: string, slug: string): string | undefined {
    const key = `${language}/${slug}`;
    const article = articleByPath.get(key);
    if (!article) return undefined;
    return cachedPage(key, () =>
      renderArticlePage(
        article,
        languages.filter(
          (other) => other !== article.language && articleByPath.has(`${other}/${article.slug}`),
        ),
      ),
    );
  }

  function notFound(
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
    if (acceptsHtml(request))
      return sendPage(reply, 404, renderNotFoundPage(isLanguage(language) ? language : 'en'));
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
      const page = isLanguage(language) ? indexPage(language) : undefined;
      if (!page) return notFound(request, reply, language, unknownLanguage(language));
      return sendPage(reply, 200, page);
    },
  );

  app.get<{ Params: z.infer<typeof helpCenterArticleParams> }>(
    '/help/:language/:article',
    { schema: { params: helpCenterArticleParams }, validatorCompiler: zodValidatorCompiler },
    async (request, reply) => {
      const { language, article } = request.params;
      const page = articlePage(language, article);
      if (page) return sendPage(reply, 200, page);
      const message =
        isLanguage(language) && articles.has(language)
          ? `There is no help article "${article}" in "${language}"; GET /help/${language} lists them.`
          : unknownLanguage(language);
      return notFound(request, reply, language, message);
    },
  );
}
