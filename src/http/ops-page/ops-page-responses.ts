import { errorResponses, textResponse } from '../openapi/api-schemas.js';

/** What an /ops page answers: the page, its own form errors as a page, the login form when logged out. */
export const OPS_PAGE_RESPONSES = {
  200: textResponse('The page.', 'text/html'),
  400: textResponse('The page, with what was wrong with the filter or form.', 'text/html'),
  401: textResponse('Not logged in: the login form.', 'text/html'),
  ...errorResponses(429, 503),
};

/** A form post that ends in a redirect (303 See Other) to the next page. */
export const OPS_FORM_RESPONSES = {
  303: textResponse('Done: see the Location header.', 'text/plain'),
  ...OPS_PAGE_RESPONSES,
};
