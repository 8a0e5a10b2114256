import { describe, expect, it } from 'vitest';
import { type HandoffCardContent, renderHandoffCard } from '../../../src/slack/handoff-card.js';
import {
  citationMrkdwn,
  markdownToMrkdwn,
  mrkdwnToCustomerText,
  slackLink,
  stripBotMention,
  truncate,
} from '../../../src/slack/slack-mrkdwn.js';
import { formatAssistantReply } from '../../../src/slack/staff-assistant.js';

describe('Slack text conversions', () => {
  it('turns a Markdown answer into mrkdwn, escaping what is not markup', () => {
    expect(
      markdownToMrkdwn(
        '**Express** costs 12 € & arrives in <2 days. See [Shipping](https://help.example/en/shipping?a=1&b=2).\n- EU\n## Returns',
      ),
    ).toBe(
      '*Express* costs 12 € &amp; arrives in &lt;2 days. See <https://help.example/en/shipping?a=1&b=2|Shipping>.\n• EU\n*Returns*',
    );
  });

  it('keeps a link label from closing the link early', () => {
    expect(slackLink('https://help.example/a', 'Returns | Refunds > policy')).toBe(
      '<https://help.example/a|Returns / Refunds &gt; policy>',
    );
  });

  it('turns a staff message into what the customer reads', () => {
    expect(
      mrkdwnToCustomerText(
        'Hi <@U0LUCA>! *Good news*: see <https://help.example/track|tracking> &amp; <https://help.example/x> ~old~ <!here>',
      ),
    ).toBe(
      'Hi @support! **Good news**: see [tracking](https://help.example/track) & https://help.example/x ~~old~~ @here',
    );
  });

  it('strips mentions of the bot and only of the bot', () => {
    expect(stripBotMention('<@U0BOT> how do I reset my password, <@U0ANNA>?', 'U0BOT')).toBe(
      'how do I reset my password, <@U0ANNA>?',
    );
  });

  it('truncates at a word boundary', () => {
    expect(truncate('one two three four five six', 14)).toBe('one two three…');
  });
});

describe('handoff card', () => {
  const content: HandoffCardContent = {
    conversationId: '7d7e4f4e-3f55-4d0c-9a38-8f1d9e9b1c11',
    language: 'it',
    reasons: ['human_requested', 'legal_threat'],
    transcript: [
      { role: 'user', text: 'Vi faccio causa <!channel>', author: null },
      { role: 'staff', text: 'Buongiorno', author: 'Anna' },
    ],
    draft: null,
    requestedAt: '2026-11-25T10:00:00.000Z',
  };

  it('offers Take over, Resolve and Return to bot while waiting, and none once resolved', () => {
    const waiting = JSON.stringify(
      renderHandoffCard(content, { state: 'handoff_requested', by: null }).blocks,
    );
    expect(waiting.match(/"action_id":"parley_[a-z_]+"/g)).toEqual([
      '"action_id":"parley_take_over"',
      '"action_id":"parley_resolve"',
      '"action_id":"parley_return_to_bot"',
    ]);
    const resolved = renderHandoffCard(content, { state: 'resolved', by: 'Anna' });
    expect(resolved.blocks.some((block) => block.type === 'actions')).toBe(false);
    expect(resolved.text).toContain('Resolved by Anna');
  });

  it('shows language and reasons, and escapes the transcript', () => {
    const text = JSON.stringify(
      renderHandoffCard(content, { state: 'handoff_requested', by: null }).blocks,
    );
    expect(text).toContain('Italian (it)');
    expect(text).toContain('`human_requested`, `legal_threat`');
    expect(text).toContain('*Customer:* Vi faccio causa &lt;!channel&gt;');
    expect(text).toContain('*Anna:* Buongiorno');
    expect(text).not.toContain('Draft answer');
  });

  it('keeps every section within Slack’s 3,000 characters', () => {
    const long = {
      ...content,
      transcript: Array.from({ length: 6 }, () => ({
        role: 'user' as const,
        text: 'lorem ipsum '.repeat(400),
        author: null,
      })),
      draft: { text: 'dolor '.repeat(1000), citations: [] },
    };
    for (const block of renderHandoffCard(long, { state: 'handoff_requested', by: null }).blocks) {
      if (block.type === 'section' && block.text)
        expect(block.text.text.length).toBeLessThanOrEqual(3000);
    }
  });
});

describe('assistant reply for staff', () => {
  it('lists sources as Slack links in the reply language and says how it was routed', () => {
    const text = formatAssistantReply(
      {
        id: 'm1',
        role: 'assistant',
        text: 'Le retour est gratuit sous **30 jours**.',
        language: 'fr',
        citations: [
          {
            title: 'Retours et remboursements',
            url: 'https://help.example/fr/returns',
            snippet: '…',
            kind: 'cited',
          },
          // The local help center's site-relative link: Slack could not open it, so no link.
          {
            title: 'Livraison — Express',
            url: '/help/fr/shipping#express',
            snippet: '…',
            kind: 'cited',
          },
        ],
        tier: 'small',
        reasons: [],
        handoff: false,
        author: null,
        createdAt: '2026-11-25T10:00:00.000Z',
        replyToId: 'm0',
      },
      { sourcesLabel: 'Sources', relatedLabel: 'Articles liés' },
    );
    expect(text).toBe(
      'Le retour est gratuit sous *30 jours*.\n\n*Sources:* <https://help.example/fr/returns|Retours et remboursements> · Livraison — Express\n\n_tier: small · language: fr_',
    );
  });

  it('offers passages the answer did not cite as related articles, not as its sources', () => {
    const text = formatAssistantReply(
      {
        id: 'm1',
        role: 'assistant',
        text: 'Le retour est gratuit.',
        language: 'fr',
        citations: [
          {
            title: 'Retours et remboursements',
            url: 'https://help.example/fr/returns',
            snippet: '…',
            kind: 'retrieved',
          },
        ],
        tier: 'small',
        reasons: [],
        handoff: false,
        author: null,
        createdAt: '2026-11-25T10:00:00.000Z',
        replyToId: 'm0',
      },
      { sourcesLabel: 'Sources', relatedLabel: 'Articles liés' },
    );
    expect(text).toContain('*Articles liés:* <https://help.example/fr/returns|');
    expect(text).not.toContain('*Sources:*');
  });
});

describe('citationMrkdwn', () => {
  const helpCenterCitation = { title: 'Livraison — Express', url: '/help/fr/shipping#express' };

  it('links a help center citation on PUBLIC_URL, and shows its title alone without one', () => {
    expect(citationMrkdwn(helpCenterCitation, 'https://support.example.com')).toBe(
      '<https://support.example.com/help/fr/shipping#express|Livraison — Express>',
    );
    expect(citationMrkdwn(helpCenterCitation)).toBe('Livraison — Express');
  });

  it('keeps an absolute URL (a Bedrock Knowledge Base, your own help center) whatever PUBLIC_URL is', () => {
    expect(
      citationMrkdwn(
        { title: 'Returns', url: 'https://help.example/en/returns#window' },
        'https://support.example.com',
      ),
    ).toBe('<https://help.example/en/returns#window|Returns>');
    expect(citationMrkdwn({ title: 'A <b> & c' })).toBe('A &lt;b&gt; &amp; c');
  });
});

describe('slack/manifest.yml', () => {
  it('points events, interactivity and /parley at /slack/events with the scopes the listeners need', async () => {
    const { readFileSync } = await import('node:fs');
    const { default: matter } = await import('gray-matter');
    // gray-matter parses YAML front matter; the manifest is plain YAML.
    const manifest = matter(`---\n${readFileSync('slack/manifest.yml', 'utf8')}\n---\n`).data as {
      features: {
        slash_commands: Array<{ command: string; url: string }>;
        app_home: { messages_tab_enabled: boolean };
      };
      oauth_config: { scopes: { bot: string[] } };
      settings: {
        event_subscriptions: { request_url: string; bot_events: string[] };
        interactivity: { is_enabled: boolean; request_url: string };
      };
    };
    const urls = [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      ...manifest.features.slash_commands.map((command) => command.url),
    ];
    expect(urls.every((url) => new URL(url).pathname === '/slack/events')).toBe(true);
    expect(manifest.features.slash_commands.map((command) => command.command)).toEqual(['/parley']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([
      'app_mention',
      'message.channels',
      'message.groups',
      'message.im',
    ]);
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual([
      'app_mentions:read',
      'channels:history',
      'chat:write',
      'commands',
      'groups:history',
      'im:history',
      'users:read',
    ]);
  });
});
