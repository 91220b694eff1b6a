/*
 * The last step of `npm run build`: data the CLI and the services would otherwise derive on every
 * start — the shipped rule files parsed (rule-documents.ts) and the IP→ASN index (asn.ts). Both
 * are checked against their sources when read and ignored when stale, so a missing or old file
 * costs start-up time, never correctness.
 */
import { writeIpv4AsnIndex } from './knowledge/asn';
import { writeRuleDocuments } from './screening/rule-documents';
import { DEFAULT_RULES_DIR, readRuleFiles } from './screening/rules-directory';

writeRuleDocuments(readRuleFiles(DEFAULT_RULES_DIR));
writeIpv4AsnIndex();
