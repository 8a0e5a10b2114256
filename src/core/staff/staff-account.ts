/** A named staff member who logs in to /ops; customers see `name` on the replies they send. */
export interface StaffAccount {
  name: string;
  createdAt: string;
}

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_NAME_LENGTH = 60;

/**
 * Names are shown to customers ("Marie from our support team has joined"), so they are short,
 * printable and trimmed; letters of any script, digits, spaces, dots, hyphens and apostrophes.
 */
export function staffNameProblem(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'The staff name must not be empty.';
  if ([...trimmed].length > MAX_NAME_LENGTH)
    return `The staff name must be at most ${MAX_NAME_LENGTH} characters.`;
  if (!/^[\p{L}\p{N}][\p{L}\p{N} .'’-]*$/u.test(trimmed))
    return 'The staff name may contain letters, digits, spaces, dots, hyphens and apostrophes, and must start with a letter or digit.';
  return undefined;
}

export function passwordProblem(password: string): string | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return `The password must be at least ${MIN_PASSWORD_LENGTH} characters.`;
  if ([...password].length > 1024) return 'The password must be at most 1,024 characters.';
  return undefined;
}
