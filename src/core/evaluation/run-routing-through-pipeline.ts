import type { TurnEvent } from '../conversation/create-conversation-service.js';
import type { TurnTelemetry } from '../conversation/turn-telemetry.js';
import type { ModelTier } from '../models/chat-model.js';
import type { RoutingCase } from '../routing/evaluate-routing.js';
import type { ReasonCode, Tier } from '../routing/routing-decision.js';
import type { RoutedCase } from './routing-score.js';

/** The part of the composed services an evaluation drives (src/create-services.ts provides it). */
export interface EvaluationPipeline {
  conversations: {
    createConversation(input: { locale?: string | null }): Promise<{ id: string }>;
    postMessage(input: {
      conversationId: string;
      text: string;
    }): Promise<{ reply: { tier: Tier | null; reasons: ReasonCode[] } }>;
    onTurn(listener: (turn: TurnEvent) => void): () => void;
  };
  models: Record<ModelTier, { provider: 'local' | 'bedrock' }>;
}

/**
 * Sends each labelled message through the real turn pipeline (language resolution, retrieval,
 * routing, models), one new conversation per case so no history leaks between cases (a case's
 * own `history` is sent first): the retrieval-dependent reasons (low_retrieval, model_uncertain)
 * count like in production.
 */
export async function runRoutingThroughPipeline(
  pipeline: EvaluationPipeline,
  cases: readonly RoutingCase[],
): Promise<RoutedCase[]> {
  const telemetryByConversation = new Map<string, TurnTelemetry>();
  const stopListening = pipeline.conversations.onTurn(({ conversationId, telemetry }) => {
    telemetryByConversation.set(conversationId, telemetry);
  });
  try {
    const routed: RoutedCase[] = [];
    for (const routingCase of cases) {
      // The case's language is the widget locale: the pipeline still detects the message's own language.
      const conversation = await pipeline.conversations.createConversation({
        locale: routingCase.lang,
      });
      // Earlier customer messages of the case (repeated_question needs them) are asked first, and answered.
      for (const earlier of routingCase.history ?? [])
        await pipeline.conversations.postMessage({
          conversationId: conversation.id,
          text: earlier,
        });
      const turn = await pipeline.conversations.postMessage({
        conversationId: conversation.id,
        text: routingCase.text,
      });
      const telemetry = telemetryByConversation.get(conversation.id);
      routed.push({
        lang: routingCase.lang,
        text: routingCase.text,
        expected: { tier: routingCase.tier, reasons: routingCase.reasons },
        actual: {
          tier: turn.reply.tier ?? 'small',
          reasons: turn.reply.reasons,
          attempts: telemetry?.attempts ?? [],
        },
      });
    }
    return routed;
  } finally {
    stopListening();
  }
}
