import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Keys derived from the master key: one encrypts API client secrets at rest (AES-256-GCM), one
 * keys the hashes of linkage attributes (HMAC-SHA256), so a database dump reveals neither.
 */
export class MasterKeys {
  private readonly secretKey: Buffer;
  private readonly attributeKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
    this.secretKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'shinsa client secrets v1', 32));
    this.attributeKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'shinsa attribute hashes v1', 32));
  }

  /** iv ‖ tag ‖ ciphertext. */
  seal(plaintext: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.secretKey, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
  }

  open(sealed: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.secretKey, sealed.subarray(0, IV_BYTES));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  /** The stored form of a normalised attribute value: equal values give equal hashes. */
  attributeHash(kind: string, value: string): Buffer {
    return createHmac('sha256', this.attributeKey).update(kind).update('\0').update(value).digest();
  }
}
