// Two independent 32-bit hashes (FNV-1a and a multiplicative one) of a text fed piece by piece, so
// a template is hashed as it would be spelt without building the string. Module state, not an
// object: the series finder feeds millions of characters through it and reads `hashOut` after
// hashEnd(). Not re-entrant (one hash at a time), which the finder never needs.

export const hashOut = new Int32Array(2);
let hashA = 0;
let hashB = 0;
let hashLength = 0;

export function hashStart(salt: number): void {
  hashA = 0x811c9dc5 ^ salt;
  hashB = 0x9747b28c + salt;
  hashLength = 0;
}

export function hashCode(code: number): void {
  hashA = Math.imul(hashA ^ code, 0x01000193);
  hashB = Math.imul(hashB + code, 0x5bd1e995);
  hashB ^= hashB >>> 15;
  hashLength++;
}

export function hashSpan(text: string, from = 0, to = text.length): void {
  for (let i = from; i < to; i++) hashCode(text.charCodeAt(i));
}

export function hashEnd(): void {
  hashOut[0] = hashA ^ (hashA >>> 16);
  hashOut[1] = hashB ^ Math.imul(hashLength, 0x85ebca6b);
}

export function hashText(text: string, salt: number): void {
  hashStart(salt);
  hashSpan(text);
  hashEnd();
}
