import { z } from 'zod';
import { ESCALATION_OUTCOMES, REVIEW_VERDICTS } from '../core/escalations/escalation-record.js';
import { SUPPORTED_LANGUAGES } from '../core/language/language.js';
import { REASON_CODES, TIERS } from '../core/routing/routing-decision.js';
import { acceptedText } from './accepted-text-schema.js';
import { errorResponses, jsonResponse, opsSecurity } from './openapi/api-schemas.js';
import { EXPORT_FORMATS } from './ops-export.js';

/**
 * The ops API's shapes for its OpenAPI description and its responses. Query strings are checked
 * by ops-query.ts (its messages name the parameter and the values allowed), so these accept any
 * value and only document them; responses pass through as they are, with their main fields named.
 */

/** A parameter given once, repeated (?tier=large&tier=human) or comma-separated. */
const listParameter = (description: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .meta({ description });

const filterParameters = {
  from: listParameter('From this date (YYYY-MM-DD) or instant with a time zone, inclusive.'),
  to: listParameter('To this date (the whole day) or instant, exclusive.'),
  language: listParameter(`One or more of ${SUPPORTED_LANGUAGES.join(', ')}.`),
  tier: listParameter(`One or more of ${TIERS.join(', ')}.`),
  reason: listParameter(`One or more of ${REASON_CODES.join(', ')}.`),
  outcome: listParameter(`One or more of ${ESCALATION_OUTCOMES.join(', ')}.`),
  reviewed: listParameter('true: reviewed records only; false: not yet reviewed.'),
};

export const escalationFilterQuery = z.looseObject(filterParameters);

export const escalationListQuery = z.looseObject({
  ...filterParameters,
  limit: listParameter('Page size, 1–500 (default 50).'),
  cursor: listParameter('The `nextCursor` of the previous page, unchanged.'),
});

export const escalationExportQuery = z.looseObject({
  ...filterParameters,
  format: listParameter(`${EXPORT_FORMATS.join(' or ')} (default csv).`),
});

export const knowledgeGapQuery = z.looseObject({
  from: filterParameters.from,
  to: filterParameters.to,
  language: filterParameters.language,
  limit: listParameter('How many topics, 1–500 (default 50).'),
});

export const escalationParams = z.object({
  id: z.string().meta({ description: 'Escalation id.' }),
});

export const escalationRecordSchema = z
  .looseObject({
    id: z.string(),
    createdAt: z.string(),
    conversationId: z.string(),
    source: z.enum(['turn', 'handoff']),
    language: z.enum(SUPPORTED_LANGUAGES).nullable(),
    tier: z.enum(TIERS).meta({ description: 'The tier that finally handled the turn.' }),
    routedTier: z.enum(TIERS).meta({ description: 'The tier the router chose first.' }),
    reasons: z.array(z.enum(REASON_CODES)),
    outcome: z.enum(ESCALATION_OUTCOMES),
    excerpt: z.string().meta({ description: "The customer's message, redacted and shortened." }),
    review: z
      .looseObject({ verdict: z.enum(REVIEW_VERDICTS), note: z.string().nullable() })
      .nullable(),
  })
  .meta({
    id: 'EscalationRecord',
    description:
      'One answered turn that escalated, with its routing, models, cost and latency (docs/ops.md lists every field).',
  });

export const escalationPageSchema = z.object({
  items: z.array(escalationRecordSchema),
  nextCursor: z.string().nullable(),
});

export const escalationDetailSchema = escalationRecordSchema.extend({
  transcript: z.looseObject({}).meta({ description: 'The conversation, redacted like excerpts.' }),
  conversationOutcome: z.looseObject({}).nullable(),
  feedback: z.array(
    z.object({
      messageId: z.string(),
      rating: z.enum(['up', 'down']),
      comment: z.string().nullable(),
    }),
  ),
});

export const opsStatsSchema = z.looseObject({}).meta({
  description:
    'Escalation and conversation outcome figures over the filter (docs/ops.md lists them).',
});

export const knowledgeGapListSchema = z.object({
  items: z.array(
    z.looseObject({
      language: z.enum(SUPPORTED_LANGUAGES),
      topic: z.string(),
      count: z.number(),
      examples: z.array(z.string()),
      unresolvedShare: z.number(),
      bestPassage: z.object({ id: z.string(), score: z.number() }).nullable(),
    }),
  ),
});

/** The login form's fields (application/x-www-form-urlencoded). */
export const loginForm = z.looseObject({
  name: z.string().optional().meta({ description: 'A staff name; empty for the ops token.' }),
  token: z
    .string()
    .optional()
    .meta({ description: "The ops token, or the staff member's password." }),
  next: z.string().optional().meta({ description: 'Where to go after logging in (an /ops path).' }),
});

/** The review form on an escalation page (application/x-www-form-urlencoded). */
export const reviewForm = z.looseObject({
  verdict: z
    .string()
    .optional()
    .meta({ description: REVIEW_VERDICTS.join(', ') }),
  note: z.string().optional(),
});

/** A review note is free text like a message: the same rules, a shorter limit; an empty note is no note. */
const REVIEW_NOTE_RULES = { maxCharacters: 2000, multiline: true, field: 'note' };

export const reviewBody = z
  .object({
    verdict: z.enum(REVIEW_VERDICTS, {
      error: `verdict must be one of ${REVIEW_VERDICTS.join(', ')}`,
    }),
    note: z
      .preprocess(
        (note) => (typeof note === 'string' && note.trim() === '' ? null : note),
        acceptedText(REVIEW_NOTE_RULES, 'note must be a string or null').nullable(),
      )
      .optional(),
  })
  .strict();

/** The `schema` of each ops JSON route (ops-routes.ts). */
export const OPS_API_SCHEMAS = {
  escalationList: {
    tags: ['ops'],
    summary: 'The escalation log, newest first, filtered',
    security: opsSecurity,
    querystring: escalationListQuery,
    response: {
      200: jsonResponse('A page of escalation records.', escalationPageSchema),
      ...errorResponses(400, 401, 429, 503),
    },
  },
  escalationExport: {
    tags: ['ops'],
    summary: 'The filtered escalation log as a CSV or JSON Lines download',
    security: opsSecurity,
    querystring: escalationExportQuery,
    response: {
      200: {
        description: 'The whole filtered log, as an attachment.',
        content: {
          'text/csv': { schema: z.string() },
          'application/x-ndjson': { schema: z.string() },
        },
      },
      ...errorResponses(400, 401, 429, 503),
    },
  },
  escalationDetail: {
    tags: ['ops'],
    summary: 'One escalation with its transcript, outcome and ratings',
    security: opsSecurity,
    params: escalationParams,
    response: {
      200: jsonResponse('The escalation.', escalationDetailSchema),
      ...errorResponses(401, 404, 429, 503),
    },
  },
  review: {
    tags: ['ops'],
    summary: 'Record whether the routing was right',
    security: opsSecurity,
    params: escalationParams,
    body: reviewBody,
    response: {
      200: jsonResponse('The reviewed record.', escalationRecordSchema),
      ...errorResponses(400, 401, 403, 404, 413, 415, 429, 503),
    },
  },
  stats: {
    tags: ['ops'],
    summary: 'Escalation and outcome figures over the filter',
    security: opsSecurity,
    querystring: escalationFilterQuery,
    response: {
      200: jsonResponse('The figures.', opsStatsSchema),
      ...errorResponses(400, 401, 429, 503),
    },
  },
};
