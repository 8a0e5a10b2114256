/**
 * A model call's deadline. MODEL_TIMEOUT_MS means "until the answer" for a whole call and "until
 * the next event" for a stream: `restart()` on every event. The signal also aborts when the
 * caller's signal does, so one signal cancels everything below it.
 */
export interface IdleDeadline {
  readonly signal: AbortSignal;
  /** True when the deadline (not the caller) aborted the signal. */
  timedOut(): boolean;
  restart(): void;
  /** Stops the clock; aborts the signal too when work is still in flight and must stop. */
  dispose(abortInFlight?: boolean): void;
}

export function createIdleDeadline(timeoutMs: number, callerSignal?: AbortSignal): IdleDeadline {
  const controller = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const start = () => {
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  };
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) controller.abort(callerSignal.reason);
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  start();
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    restart() {
      clearTimeout(timer);
      if (!controller.signal.aborted) start();
    },
    dispose(abortInFlight = false) {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
      if (abortInFlight && !controller.signal.aborted)
        controller.abort(new Error('closed by the consumer'));
    },
  };
}
