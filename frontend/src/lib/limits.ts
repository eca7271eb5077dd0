// The server's string limits (issue 13): longer values are refused with RequestFailed naming
// the field. Inputs carry them as maxlength so nobody can type past them.
export const MAX_NAME = 64;
export const MAX_DESCRIPTION = 10_000;
export const MAX_NOTE = 500;
