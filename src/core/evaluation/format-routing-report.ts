import { describeTierPrices, type TierPricing } from '../models/tier-prices.js';
import { TIERS } from '../routing/routing-decision.js';
import type { CostModel } from './routing-cost-model.js';
import type { RoutingScore } from './routing-score.js';

const percent = (value: number | null) =>
  value === null ? '   —' : `${(value * 100).toFixed(0).padStart(3)}%`;
const usd = (value: number) => `$${value.toFixed(2)}`;

/** The plain-text report `parley eval routing` prints. */
export function formatRoutingReport(input: {
  source: string;
  score: RoutingScore;
  cost: CostModel;
  pricing: TierPricing;
  backends: string;
}): string {
  const { score, cost } = input;
  const lines: string[] = [];
  lines.push(`Routing evaluation: ${input.source}`);
  lines.push(`Pipeline: ${input.backends}; one conversation per message`);
  lines.push('');
  lines.push(
    `Tier accuracy: ${score.tierCorrect}/${score.total} (${(score.tierAccuracy * 100).toFixed(1)}%)`,
  );
  lines.push('');
  lines.push('Confusion matrix (rows: expected tier, columns: routed tier)');
  lines.push(`${''.padEnd(10)}${TIERS.map((tier) => tier.padStart(7)).join('')}`);
  for (const expected of TIERS)
    lines.push(
      `${expected.padEnd(10)}${TIERS.map((actual) => String(score.confusion[expected][actual]).padStart(7)).join('')}`,
    );
  lines.push('');
  lines.push('Recall per reason (found / labelled; extra = fired without the label)');
  for (const [reason, recall] of Object.entries(score.perReason)) {
    lines.push(
      `  ${reason.padEnd(20)}${`${recall.found}/${recall.labelled}`.padStart(7)}  ${percent(recall.recall)}   extra ${recall.extra}`,
    );
  }
  lines.push('');
  const tokens = `${Math.round(cost.call.input)} input + ${Math.round(cost.call.output)} output tokens per model call`;
  lines.push(
    `Modeled cost per 1,000 turns (${cost.source === 'measured' ? 'measured' : 'stated averages'}: ${tokens};`,
  );
  lines.push('  a handoff costs no model call)');
  lines.push('  prices:');
  for (const line of describeTierPrices(input.pricing)) lines.push(`    ${line}`);
  const mix = `small ${(cost.mix.small * 100).toFixed(0)}%, large ${(cost.mix.large * 100).toFixed(0)}%, human ${(cost.mix.human * 100).toFixed(0)}%, ${cost.mix.cascades} cascade(s)`;
  lines.push(`  routing policy   ${usd(cost.perThousandTurns.policy).padStart(8)}   (${mix})`);
  lines.push(`  all Small        ${usd(cost.perThousandTurns.allSmall).padStart(8)}`);
  lines.push(`  all Large        ${usd(cost.perThousandTurns.allLarge).padStart(8)}`);
  if (score.misrouted.length > 0) {
    lines.push('');
    lines.push(`Misrouted (${score.misrouted.length}):`);
    for (const routed of score.misrouted) {
      const reasons = routed.actual.reasons.length ? ` [${routed.actual.reasons.join(', ')}]` : '';
      lines.push(
        `  ${routed.lang} expected ${routed.expected.tier}, got ${routed.actual.tier}${reasons}: ${routed.text}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
