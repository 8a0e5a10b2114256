import { createHash } from 'node:crypto';
import {
  type BedrockAgentRuntimeClient,
  type KnowledgeBaseRetrievalResult,
  type RetrievalResultLocation,
  RetrieveCommand,
  type RetrieveRequest,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { isLanguage, type Language } from '../language/language.js';
import { KnowledgeBaseUnavailableError, toBedrockError } from '../models/bedrock-errors.js';
import type { Passage, RetrievalQuery, RetrievalResult, Retriever } from './retriever.js';

export interface BedrockKnowledgeBaseRetrieverOptions {
  /** The process-wide client from createBedrockAgentRuntimeClient. */
  client: BedrockAgentRuntimeClient;
  knowledgeBaseId: string;
  /** Default number of results when the query names no limit. */
  numberOfResults: number;
  /** Omitted: Bedrock decides (HYBRID only works on vector stores with a text field). */
  searchType?: 'HYBRID' | 'SEMANTIC';
  /** Metadata attribute holding the passage language (from the `.metadata.json` sidecars). */
  languageMetadataKey?: string;
  /** Scores at or above it count as relevant. Bedrock scores are 0..1. */
  relevanceThreshold: number;
  /** Part of the answer-cache key; bump it on every ingestion (e.g. `BEDROCK_KB_VERSION`). Defaults to the KB id. */
  knowledgeBaseVersion?: string;
  /** Per Retrieve call, SDK retries included. */
  timeoutMs?: number;
}

/** Metadata Bedrock adds to every chunk it ingests. */
const SOURCE_URI_KEY = 'x-amz-bedrock-kb-source-uri';
const CHUNK_ID_KEY = 'x-amz-bedrock-kb-chunk-id';

function stringField(
  metadata: Record<string, unknown> | undefined,
  key: string,
): string | undefined {
  const value = metadata?.[key];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Any location kind the KB can report; an s3:// URI is a source, not a link a customer can open. */
function locationOf(location: RetrievalResultLocation | undefined): {
  source?: string;
  link?: string;
} {
  if (!location) return {};
  const link =
    location.webLocation?.url ??
    location.confluenceLocation?.url ??
    location.salesforceLocation?.url ??
    location.sharePointLocation?.url ??
    location.oneDriveLocation?.url ??
    location.googleDriveLocation?.url;
  const source =
    link ??
    location.s3Location?.uri ??
    location.kendraDocumentLocation?.uri ??
    location.customDocumentLocation?.id;
  return { source, link };
}

function titleFromSource(source: string | undefined): string | undefined {
  if (!source) return undefined;
  const last = source.split(/[/?#]/).filter(Boolean).pop();
  if (!last) return undefined;
  return decodeURIComponent(last)
    .replace(/\.(md|txt|html?|pdf|docx?)$/i, '')
    .replace(/[-_]+/g, ' ');
}

function isHttpUrl(value: string | undefined): boolean {
  return value !== undefined && /^https?:\/\//i.test(value);
}

export function toPassage(
  result: KnowledgeBaseRetrievalResult,
  languageMetadataKey: string,
  threshold: number,
): Passage | undefined {
  const text = result.content?.text?.trim();
  if (!text) return undefined;
  const metadata = result.metadata as Record<string, unknown> | undefined;
  const { source, link } = locationOf(result.location);
  const metadataUrl = stringField(metadata, 'url');
  // Metadata may carry a site-relative link ("/help/returns"); an s3:// source is never shown.
  const metadataLink =
    metadataUrl && (isHttpUrl(metadataUrl) || metadataUrl.startsWith('/'))
      ? metadataUrl
      : undefined;
  const url = metadataLink ?? (isHttpUrl(link) ? link : undefined);
  const language = stringField(metadata, languageMetadataKey)?.toLowerCase();
  const score = Math.min(1, Math.max(0, result.score ?? 0));
  const id =
    stringField(metadata, 'passageId') ??
    stringField(metadata, CHUNK_ID_KEY) ??
    // Chunks without an id (older KBs): the source and the text identify them stably.
    `${source ?? 'kb'}#${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
  return {
    id,
    title:
      stringField(metadata, 'title') ??
      titleFromSource(source ?? stringField(metadata, SOURCE_URI_KEY)) ??
      'Help article',
    ...(url ? { url } : {}),
    text,
    language: isLanguage(language) ? language : null,
    score,
    relevant: score >= threshold,
  };
}

export function createBedrockKnowledgeBaseRetriever(
  options: BedrockKnowledgeBaseRetrieverOptions,
): Retriever {
  const languageMetadataKey = options.languageMetadataKey ?? 'language';
  const knowledgeBaseVersion = options.knowledgeBaseVersion ?? options.knowledgeBaseId;

  async function retrieveOnce(
    text: string,
    limit: number,
    language: Language | undefined,
  ): Promise<Passage[]> {
    const input: RetrieveRequest = {
      knowledgeBaseId: options.knowledgeBaseId,
      retrievalQuery: { text },
      retrievalConfiguration: {
        vectorSearchConfiguration: {
          numberOfResults: limit,
          ...(options.searchType ? { overrideSearchType: options.searchType } : {}),
          ...(language
            ? { filter: { equals: { key: languageMetadataKey, value: language } } }
            : {}),
        },
      },
    };
    const timeout = options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined;
    try {
      const output = await options.client.send(
        new RetrieveCommand(input),
        timeout ? { abortSignal: timeout } : {},
      );
      if (!Array.isArray(output.retrievalResults)) {
        throw new KnowledgeBaseUnavailableError(
          'malformed_response',
          `knowledge base ${options.knowledgeBaseId} answered without results`,
          {
            resource: options.knowledgeBaseId,
            httpStatus: output.$metadata.httpStatusCode,
          },
        );
      }
      return output.retrievalResults
        .map((result) => toPassage(result, languageMetadataKey, options.relevanceThreshold))
        .filter((passage): passage is Passage => passage !== undefined)
        .sort((left, right) => right.score - left.score);
    } catch (error) {
      throw toBedrockError(error, {
        resource: options.knowledgeBaseId,
        timedOut: timeout?.aborted ?? false,
        aborted: false,
        kind: 'knowledge-base',
      });
    }
  }

  return {
    name: `bedrock-kb:${options.knowledgeBaseId}`,
    async retrieve(query: RetrievalQuery): Promise<RetrievalResult> {
      const limit = query.limit ?? options.numberOfResults;
      const inLanguage = await retrieveOnce(query.text, limit, query.language);
      if (inLanguage.some((passage) => passage.relevant)) {
        return { passages: inLanguage, knowledgeBaseVersion, usedLanguageFallback: false };
      }
      // Nothing relevant in the customer's language: an article may exist only in another
      // language; the model answers in the customer's language anyway.
      const anyLanguage = await retrieveOnce(query.text, limit, undefined);
      const passages = anyLanguage.some((passage) => passage.relevant) ? anyLanguage : inLanguage;
      return { passages, knowledgeBaseVersion, usedLanguageFallback: true };
    },
  };
}
