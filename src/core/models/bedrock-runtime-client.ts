import {
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export type BedrockRequestHandler = BedrockRuntimeClientConfig['requestHandler'];
export type BedrockCredentials = BedrockRuntimeClientConfig['credentials'];

export interface BedrockClientOptions {
  region: string;
  /** VPC endpoint, proxy or emulator; `http://` endpoints are spoken to over HTTP/1.1. */
  endpoint?: string;
  /** Injected by tests (`new NodeHttpHandler()`) so nock can intercept. */
  requestHandler?: BedrockRequestHandler;
  /** Total attempts the SDK makes for throttling, 5xx and connection errors. */
  maxAttempts: number;
  /** Left unset in production: the SDK's default chain (env, profile, role). */
  credentials?: BedrockCredentials;
}

/**
 * The SDK picks an HTTP/2 handler by default. A plain `http://` endpoint (a local
 * stand-in, a TLS-terminating proxy) speaks HTTP/1.1 only, so it gets the HTTP/1.1
 * handler; everything else keeps the SDK's choice unless a handler is injected.
 */
export function requestHandlerFor(
  options: Pick<BedrockClientOptions, 'endpoint' | 'requestHandler'>,
): BedrockRequestHandler {
  if (options.requestHandler) return options.requestHandler;
  if (options.endpoint && new URL(options.endpoint).protocol === 'http:') {
    return new NodeHttpHandler({ connectionTimeout: 5_000 });
  }
  return undefined;
}

/** Shared client settings for the runtime and agent-runtime clients. */
export function bedrockClientConfig(options: BedrockClientOptions) {
  const requestHandler = requestHandlerFor(options);
  return {
    region: options.region,
    maxAttempts: options.maxAttempts,
    // Adaptive adds client-side rate limiting on top of the standard backoff, which is
    // what a burst of ThrottlingException from an on-demand model quota wants.
    retryMode: 'adaptive',
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(requestHandler ? { requestHandler } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  } as const;
}

/** One client per process: it holds the connection pool and the adaptive rate limiter. */
export function createBedrockRuntimeClient(options: BedrockClientOptions): BedrockRuntimeClient {
  return new BedrockRuntimeClient(bedrockClientConfig(options));
}
