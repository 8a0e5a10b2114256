import { createLocalExtractiveModel } from '../../src/core/models/local-extractive-model.js';
import { describeChatModelContract } from './chat-model.contract.js';

describeChatModelContract('local extractive', () => createLocalExtractiveModel());
