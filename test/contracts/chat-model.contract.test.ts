import { createLocalExtractiveModel } from '../../src/core/models/local-extractive-model.js';
import { describeChatModelContract } from './chat-model.contract.js';

const messages = {
  offlineNotice: 'Offline mode: answers come from our help-center articles.',
  noAnswer: 'No answer found in our help center.',
};

describeChatModelContract('local extractive', () =>
  createLocalExtractiveModel({
    botMessages: { en: messages, fr: messages, de: messages, es: messages, it: messages },
  }),
);
