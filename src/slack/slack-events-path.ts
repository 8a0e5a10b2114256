/** Where Slack sends events and interactions; its own module so that a server with Slack off never loads Bolt. */
export const SLACK_EVENTS_PATH = '/slack/events';
