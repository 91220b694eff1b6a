/** Exit codes (DESIGN §3.4): 0 ok, 2 bad input or arguments, 1 internal error. */
export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_BAD_INPUT = 2;
