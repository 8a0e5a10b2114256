import {
  createRoutingClassifier,
  type RoutingClassifier,
  type RoutingModel,
} from './routing-classifier.js';
import routingModel from './routing-model.json' with { type: 'json' };

let shipped: RoutingClassifier | undefined;

/** The classifier trained on the repository's corpus (`npm run train:router` rewrites its model). */
export function shippedRoutingClassifier(): RoutingClassifier {
  shipped ??= createRoutingClassifier(routingModel as unknown as RoutingModel);
  return shipped;
}
