import { createDatabase } from '../../../src/core/database/create-database.js';
import { describeAcceptedText } from './accepted-text-suite.js';

describeAcceptedText('SQLite', async () => createDatabase('sqlite::memory:'));
