import { h } from './dom.js';
import type { MessageAction } from './parley-api.js';

/** Styles of the buttons under a reply; appended to the widget's stylesheet. */
export const MESSAGE_ACTIONS_CSS = `.message-actions{margin:6px 0 0 4px;display:flex;flex-wrap:wrap;gap:6px}
.message-actions button{font:inherit;font-size:14px;padding:6px 12px;border-radius:16px;border:1px solid var(--accent-text);background:#fff;color:var(--accent-text);cursor:pointer}
.message-actions button:hover{background:#f3f4f6}
.message-actions button[aria-disabled="true"]{opacity:.6;cursor:default}`;

/**
 * The buttons a reply offers (today: "talk to a person"). A click sends the customer's request
 * as if they had typed it, so the server routes it like any other message; the button is then
 * spent, so a second click cannot ask twice.
 */
export function renderMessageActions(
  actions: MessageAction[] | undefined,
  onAction: (action: MessageAction) => boolean,
): HTMLElement | null {
  const handoffs = (actions ?? []).filter((action) => action.type === 'handoff');
  if (handoffs.length === 0) return null;
  return h(
    'div',
    { class: 'message-actions' },
    ...handoffs.map((action) => {
      const button = h('button', { type: 'button' }, action.label);
      button.addEventListener('click', () => {
        if (button.getAttribute('aria-disabled') === 'true') return;
        if (onAction(action)) button.setAttribute('aria-disabled', 'true');
      });
      return button;
    }),
  );
}
