/**
 * JSON Schema of a PublicMessage (src/core/storage/public-message.ts), for Fastify's response
 * serializer: a compiled serializer writes the turn's two messages several times faster than
 * JSON.stringify, which was a noticeable part of a turn's CPU. Same fields as toPublicMessage (a
 * citation's optional url comes after its snippet); a field missing here would be dropped, which
 * the widget API test comparing a turn's response with the transcript catches.
 */
const nullableString = { type: ['string', 'null'] } as const;

export const publicMessageSchema = {
  type: 'object',
  required: [
    'id',
    'role',
    'text',
    'language',
    'citations',
    'tier',
    'reasons',
    'handoff',
    'author',
    'createdAt',
    'replyToId',
  ],
  properties: {
    id: { type: 'string' },
    role: { type: 'string' },
    text: { type: 'string' },
    language: nullableString,
    citations: {
      type: 'array',
      items: {
        type: 'object',
        required: ['title', 'snippet'],
        properties: {
          title: { type: 'string' },
          url: { type: 'string' },
          snippet: { type: 'string' },
        },
      },
    },
    tier: nullableString,
    reasons: { type: 'array', items: { type: 'string' } },
    handoff: { type: 'boolean' },
    author: nullableString,
    createdAt: { type: 'string' },
    replyToId: nullableString,
  },
} as const;

/** POST /v1/conversations/:id/messages in JSON mode. */
export const turnResponseSchema = {
  type: 'object',
  required: ['message', 'reply'],
  properties: { message: publicMessageSchema, reply: publicMessageSchema },
} as const;
