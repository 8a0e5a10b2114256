import type { FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { invalidInput, type ParleyError } from '../core/conversation/conversation-errors.js';

type RequestPart = 'body' | 'params' | 'querystring' | 'headers';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** How a route's 400 names each request part ("Invalid message: ..."); defaults below. */
    inputNames?: Partial<Record<RequestPart, string>>;
  }
}

const DEFAULT_INPUT_NAMES: Record<RequestPart, string> = {
  body: 'request body',
  params: 'URL',
  querystring: 'query',
  headers: 'headers',
};

interface Problem {
  code: string;
  path: ReadonlyArray<PropertyKey>;
  message: string;
  keys?: readonly string[];
}

/** One 400 whose message lists every problem by field, so a developer can fix them all in one go. */
function invalid(what: string, problems: readonly Problem[]): ParleyError {
  const described = problems.map((problem) => {
    if (problem.code === 'unrecognized_keys')
      return `unknown field(s) ${(problem.keys ?? []).map((key) => `"${key}"`).join(', ')}`;
    const field = problem.path.map(String).join('.');
    return field && !problem.message.startsWith(field)
      ? `${field}: ${problem.message}`
      : problem.message;
  });
  return invalidInput(`Invalid ${what}: ${described.join('; ')}.`);
}

/** Validates a value against a schema outside a route's `schema` (the ops page's form posts). */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw invalid(what, result.error.issues);
}

/**
 * The zod type provider's validator, with one difference kept from before it: a POST without a
 * body is checked as `{}`, so it gets the same field-by-field message as an empty object.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => {
  const validate = validatorCompiler(route);
  return route.httpPart === 'body' ? (data) => validate(data ?? {}) : validate;
};

interface FastifyValidationError {
  validation?: ReadonlyArray<{
    keyword: string;
    instancePath: string;
    message?: string;
    params?: { keys?: readonly string[] };
  }>;
  validationContext?: RequestPart;
}

/** A route schema's validation failure as the project's 400 (undefined: not one). */
export function validationFailure(
  error: FastifyValidationError,
  request: FastifyRequest,
): ParleyError | undefined {
  if (!error.validation || !error.validationContext) return undefined;
  const part = error.validationContext;
  const what = request.routeOptions.config.inputNames?.[part] ?? DEFAULT_INPUT_NAMES[part];
  return invalid(
    what,
    error.validation.map((entry) => ({
      code: entry.keyword,
      path: entry.instancePath.split('/').filter((segment) => segment !== ''),
      message: entry.message ?? 'is not valid',
      ...(entry.params?.keys ? { keys: entry.params.keys } : {}),
    })),
  );
}

/**
 * For routes that set `attachValidation` so they can check credentials between two parts (a
 * malformed id is a 400, but a valid token comes before the body's details): throws the 400 of
 * a failed part, of `only` these parts when given.
 */
export function rejectInvalidInput(request: FastifyRequest, only?: RequestPart): void {
  const error = request.validationError as FastifyValidationError | undefined;
  if (!error) return;
  if (only && error.validationContext !== only) return;
  throw validationFailure(error, request) ?? invalidInput('The request is not valid.');
}
