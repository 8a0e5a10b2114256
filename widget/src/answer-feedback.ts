import { h, ICONS, icon } from './dom.js';
import type { WidgetStrings } from './widget-locale.js';

export type Rating = 'up' | 'down';

export interface AnswerFeedbackDeps {
  strings(): WidgetStrings;
  rate(messageId: string, rating: Rating, comment?: string): Promise<unknown>;
  resolve(resolved: boolean): Promise<unknown>;
  /** Whether this conversation was already asked "Did that solve your problem?" (asked once). */
  wasAsked(): boolean;
  rememberAsked(): void;
  /** Where the resolution question goes: the end of the conversation log. */
  appendToLog(element: HTMLElement): void;
}

const MAX_COMMENT_CHARACTERS = 1000;
/** Thanks and goodbyes in the widget's languages: the customer is probably done. */
const CLOSING =
  /\b(thanks?|thank you|thx|bye|goodbye|merci|au revoir|danke|tsch(ü|u)ss|auf wiedersehen|gracias|adi(ó|o)s|grazie|arrivederci|ciao)\b/i;

export const soundsLikeGoodbye = (text: string) => CLOSING.test(text);

/**
 * "Was this helpful?" under each bot answer (👍/👎 as toggle buttons, 👎 opens an optional
 * comment) and, once per conversation, "Did that solve your problem?".
 */
export function createAnswerFeedback(deps: AnswerFeedbackDeps) {
  const relabels: Array<() => void> = [];

  function relabelled(update: () => void): void {
    update();
    relabels.push(update);
  }

  function note(): HTMLParagraphElement {
    return h('p', { class: 'feedback-note', role: 'status' });
  }

  function askResolution(): void {
    if (deps.wasAsked()) return;
    deps.rememberAsked();
    const question = h('p', { class: 'feedback-question', id: `solved-${Date.now()}` });
    const yes = h('button', { type: 'button', class: 'choice' });
    const no = h('button', { type: 'button', class: 'choice' });
    const status = note();
    const group = h(
      'div',
      { class: 'feedback resolution', role: 'group' },
      question,
      yes,
      no,
      status,
    );
    group.setAttribute('aria-labelledby', question.id);
    relabelled(() => {
      const strings = deps.strings();
      question.textContent = strings.solvedQuestion;
      yes.textContent = strings.solvedYes;
      no.textContent = strings.solvedNo;
    });
    const answer = (resolved: boolean) => {
      yes.disabled = true;
      no.disabled = true;
      (resolved ? yes : no).setAttribute('aria-pressed', 'true');
      deps.resolve(resolved).then(
        () => {
          const strings = deps.strings();
          status.textContent = resolved ? strings.solvedThanks : strings.solvedSorry;
        },
        () => {
          yes.disabled = false;
          no.disabled = false;
          status.textContent = deps.strings().feedbackFailed;
        },
      );
    };
    yes.addEventListener('click', () => answer(true));
    no.addEventListener('click', () => answer(false));
    deps.appendToLog(group);
  }

  function controlsFor(messageId: string): HTMLElement {
    const question = h('span', { class: 'feedback-question' });
    // Icons, not emoji: they need no emoji font and take the button's colours (forced colours too).
    const up = h(
      'button',
      { type: 'button', class: 'thumb', 'aria-pressed': 'false' },
      icon(ICONS.thumbUp),
    );
    const down = h(
      'button',
      { type: 'button', class: 'thumb', 'aria-pressed': 'false' },
      icon(ICONS.thumbDown),
    );
    const commentLabel = h('label', { for: `comment-${messageId}` });
    const comment = h('textarea', {
      id: `comment-${messageId}`,
      rows: '2',
      maxlength: String(MAX_COMMENT_CHARACTERS),
    });
    const send = h('button', { type: 'submit', class: 'choice' });
    const form = h(
      'form',
      { class: 'feedback-comment', hidden: true },
      commentLabel,
      comment,
      send,
    );
    const status = note();
    const group = h('div', { class: 'feedback', role: 'group' }, question, up, down, form, status);
    relabelled(() => {
      const strings = deps.strings();
      question.textContent = strings.wasHelpful;
      group.setAttribute('aria-label', strings.wasHelpful);
      up.setAttribute('aria-label', strings.helpfulYes);
      down.setAttribute('aria-label', strings.helpfulNo);
      commentLabel.textContent = strings.commentLabel;
      send.textContent = strings.commentSend;
    });

    const submit = (rating: Rating, text?: string) =>
      deps.rate(messageId, rating, text).then(
        () => {
          status.textContent = deps.strings().feedbackThanks;
          return true;
        },
        () => {
          status.textContent = deps.strings().feedbackFailed;
          return false;
        },
      );
    const choose = (rating: Rating) => {
      up.setAttribute('aria-pressed', String(rating === 'up'));
      down.setAttribute('aria-pressed', String(rating === 'down'));
      form.hidden = rating === 'up';
      void submit(rating).then((stored) => {
        if (!stored) return;
        if (rating === 'down') comment.focus();
        else askResolution();
      });
    };
    up.addEventListener('click', () => choose('up'));
    down.addEventListener('click', () => choose('down'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = comment.value.trim();
      if (!text) return;
      void submit('down', text).then((stored) => {
        if (stored) form.hidden = true;
      });
    });
    return group;
  }

  return {
    controlsFor,
    askResolution,
    relabel: () => {
      for (const update of relabels) update();
    },
  };
}

export type AnswerFeedback = ReturnType<typeof createAnswerFeedback>;
