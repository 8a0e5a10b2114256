/** Reads a text/event-stream response incrementally. */
export function eventStreamReader(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  return {
    text: () => text,
    /** Reads until the predicate holds on everything received so far; fails after `timeoutMs`. */
    async until(predicate: (received: string) => boolean, timeoutMs: number): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(text)) {
        const remaining = deadline - Date.now();
        if (remaining <= 0)
          throw new Error(
            `event stream: condition not met within ${timeoutMs} ms; received:\n${text}`,
          );
        const chunk = await Promise.race([
          reader.read(),
          new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), remaining)),
        ]);
        if (chunk === 'timeout') continue;
        if (chunk.done) throw new Error(`event stream closed; received:\n${text}`);
        text += decoder.decode(chunk.value, { stream: true });
      }
    },
  };
}
