/**
 * Typed failures of the Bedrock adapters. The pipeline decides what to do with them
 * (fallback message, tier replacement, handoff offer) by class or by `code`, never by
 * parsing SDK messages.
 */

export type BedrockErrorCode =
  /** Our per-call deadline passed (the SDK's retries included). */
  | 'timeout'
  /** The caller's AbortSignal fired. */
  | 'aborted'
  /** Throttled, 5xx or not ready, still failing after the SDK's retries. */
  | 'unavailable'
  /** The connection broke (reset, refused, DNS) after the SDK's retries. */
  | 'connection'
  /** The service answered, but not with something we can read. */
  | 'malformed_response'
  /** An exception frame arrived inside a ConverseStream, after some deltas perhaps. */
  | 'stream_interrupted'
  /** The request itself was refused (validation, access denied, unknown model or KB). */
  | 'rejected';

export interface BedrockErrorDetails {
  /** Model id or knowledge-base id the call was for. */
  resource: string;
  /** Name of the SDK exception or Node error code, when there was one. */
  awsErrorName?: string;
  httpStatus?: number;
  attempts?: number;
  cause?: unknown;
}

export class BedrockError extends Error {
  readonly code: BedrockErrorCode;
  readonly resource: string;
  readonly awsErrorName: string | undefined;
  readonly httpStatus: number | undefined;
  readonly attempts: number | undefined;
  /** Whether trying again later (or on another tier) can reasonably succeed. */
  readonly retryable: boolean;

  constructor(code: BedrockErrorCode, message: string, details: BedrockErrorDetails) {
    super(message, { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.resource = details.resource;
    this.awsErrorName = details.awsErrorName;
    this.httpStatus = details.httpStatus;
    this.attempts = details.attempts;
    this.retryable = code !== 'rejected' && code !== 'aborted';
  }
}

/** The model could not be reached or kept failing: throttled, 5xx, connection broken. */
export class ModelUnavailableError extends BedrockError {}

/** The model did not answer within the adapter's deadline. */
export class ModelTimeoutError extends BedrockError {}

/** The caller cancelled the call (client went away, pipeline gave up). */
export class ModelAbortedError extends BedrockError {}

/** The response could not be read (bad JSON, missing message). */
export class ModelResponseError extends BedrockError {}

/** Bedrock refused the request: validation, access denied, model not enabled in the region. */
export class ModelRequestRejectedError extends BedrockError {}

/**
 * The stream broke after it had started. `partialText` is what had already been
 * yielded (markers stripped), so the pipeline can decide to replace or keep it.
 */
export class ModelStreamInterruptedError extends BedrockError {
  readonly partialText: string;

  constructor(message: string, details: BedrockErrorDetails & { partialText: string }) {
    super('stream_interrupted', message, details);
    this.partialText = details.partialText;
  }
}

/** The Knowledge Base Retrieve call failed (any cause); `code` says which kind. */
export class KnowledgeBaseUnavailableError extends BedrockError {}

export function isBedrockError(error: unknown): error is BedrockError {
  return error instanceof BedrockError;
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

const UNAVAILABLE_ERROR_NAMES = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'ServiceUnavailableException',
  'InternalServerException',
  'ModelNotReadyException',
  'ModelTimeoutException',
  'ModelErrorException',
  'ModelStreamErrorException',
  'ServiceQuotaExceededException',
  'DependencyFailedException',
  'BadGatewayException',
]);

interface SdkLikeError {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

function asSdkLike(error: unknown): SdkLikeError {
  return typeof error === 'object' && error !== null ? (error as SdkLikeError) : {};
}

export interface ClassifyContext {
  resource: string;
  /** True when our own deadline fired (the signal's reason tells us). */
  timedOut: boolean;
  /** True when the caller's signal fired. */
  aborted: boolean;
  /** Lets the retriever produce its own error class with the same classification. */
  kind?: 'model' | 'knowledge-base';
}

/** Turns whatever the SDK threw into one of our typed errors. Idempotent on our errors. */
export function toBedrockError(error: unknown, context: ClassifyContext): BedrockError {
  if (isBedrockError(error)) return error;
  const sdk = asSdkLike(error);
  const name = typeof sdk.name === 'string' ? sdk.name : undefined;
  const code = typeof sdk.code === 'string' ? sdk.code : undefined;
  const rawMessage = typeof sdk.message === 'string' ? sdk.message : String(error);
  const details: BedrockErrorDetails = {
    resource: context.resource,
    awsErrorName: name === 'TimeoutError' && code ? code : name,
    httpStatus: sdk.$metadata?.httpStatusCode,
    attempts: sdk.$metadata?.attempts,
    cause: error,
  };
  const knowledgeBase = context.kind === 'knowledge-base';
  const make = (
    errorCode: BedrockErrorCode,
    ModelClass: new (
      code: BedrockErrorCode,
      message: string,
      details: BedrockErrorDetails,
    ) => BedrockError,
    message: string,
  ): BedrockError =>
    new (knowledgeBase ? KnowledgeBaseUnavailableError : ModelClass)(errorCode, message, details);
  const what = knowledgeBase ? `knowledge base ${context.resource}` : `model ${context.resource}`;

  if (context.timedOut) return make('timeout', ModelTimeoutError, `${what} did not answer in time`);
  if (context.aborted) return make('aborted', ModelAbortedError, `call to ${what} was cancelled`);
  if (name === 'AbortError')
    return make('aborted', ModelAbortedError, `call to ${what} was cancelled`);
  if (code && CONNECTION_ERROR_CODES.has(code)) {
    return make(
      'connection',
      ModelUnavailableError,
      `connection to ${what} failed (${code}): ${rawMessage}`,
    );
  }
  if (name && UNAVAILABLE_ERROR_NAMES.has(name)) {
    return make(
      'unavailable',
      ModelUnavailableError,
      `${what} is unavailable (${name}): ${rawMessage}`,
    );
  }
  // The SDK reports unparseable bodies as a SyntaxError carrying the HTTP metadata.
  if (name === 'SyntaxError' || error instanceof SyntaxError) {
    return make(
      'malformed_response',
      ModelResponseError,
      `${what} sent an unreadable response: ${rawMessage}`,
    );
  }
  const status = details.httpStatus;
  if (status !== undefined && (status >= 500 || status === 429)) {
    return make(
      'unavailable',
      ModelUnavailableError,
      `${what} is unavailable (HTTP ${status}): ${rawMessage}`,
    );
  }
  if (sdk.$fault === 'client' || (status !== undefined && status >= 400)) {
    return make(
      'rejected',
      ModelRequestRejectedError,
      `${what} refused the request (${name ?? status}): ${rawMessage}`,
    );
  }
  return make('unavailable', ModelUnavailableError, `call to ${what} failed: ${rawMessage}`);
}
